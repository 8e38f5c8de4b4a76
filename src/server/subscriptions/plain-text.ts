import MarkdownIt from 'markdown-it';

// Raw HTML off, as on the public pages: a tag in an update is shown as text, never passed on.
const md = new MarkdownIt({ html: false, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

/**
 * An update's Markdown as plain text for an e-mail: paragraphs and list items on their own lines, emphasis
 * dropped, a link's address after its text (a resident must see where it goes before opening it).
 */
export function markdownToPlainText(source: string): string {
  const out: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  for (const token of md.parse(source, {})) {
    switch (token.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, n: Number(token.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) out.push('\n');
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        if (!list) break;
        list.n++;
        out.push(`${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.n}.` : '-'} `);
        break;
      }
      case 'inline':
        out.push(inlineText(token.children ?? []));
        break;
      case 'paragraph_close':
      case 'heading_close':
        out.push(lists.length > 0 ? '\n' : '\n\n');
        break;
      case 'code_block':
      case 'fence':
        out.push(`${token.content}\n`);
        break;
      case 'hr':
        out.push('----\n\n');
        break;
    }
  }
  return out
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function inlineText(children: Token[]): string {
  let text = '';
  const hrefs: string[] = [];
  let linkStart = 0;
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += child.content;
        break;
      case 'link_open':
        hrefs.push(String(child.attrGet('href') ?? ''));
        linkStart = text.length;
        break;
      case 'link_close': {
        const href = hrefs.pop();
        const label = text.slice(linkStart);
        if (href && href !== label && `mailto:${label}` !== href) text += ` (${href})`;
        break;
      }
    }
  }
  return text;
}
