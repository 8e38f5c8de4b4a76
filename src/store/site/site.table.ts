/** Row of `notices`: a public update; `published_content` is the JSON the public sees, null until published. */
export interface NoticeTable {
  id: string;
  incident_id: string;
  slug: string;
  status: string;
  author_user_id: string | null;
  author_label: string;
  submitted_by_user_id: string | null;
  next_update_at: string | null;
  published_content: string | null;
  published_at: string | null;
  published_by_user_id: string | null;
  amended_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `notice_texts`: a notice's working text in one language. */
export interface NoticeTextTable {
  notice_id: string;
  lang: string;
  title: string;
  body_md: string;
  sms_summary: string;
  translation_pending: number;
  updated_at: string;
}

/** Row of `notice_publications`: one publication or amendment, as published. */
export interface NoticePublicationTable {
  notice_id: string;
  version: number;
  content: string;
  published_at: string;
  published_by_user_id: string | null;
  author_user_id: string | null;
}

/** Row of `public_forecasts`: a public service whose expected return is published. */
export interface PublicForecastTable {
  system_id: string;
  updated_at: string;
  updated_by_user_id: string | null;
}

/** Row of `subscriptions`: an e-mail (double opt-in) or webhook subscriber. */
export interface SubscriptionTable {
  id: string;
  kind: string;
  address: string;
  lang: string;
  state: string;
  token_hash: string;
  secret: string | null;
  created_at: string;
  confirmed_at: string | null;
  /** A webhook's name given by the staff (migration 0028); null for e-mail. */
  name: string | null;
}
