import fc from 'fast-check';

// Property tests run with one fixed seed so that a run is repeatable and CI never fails on luck;
// FC_SEED=random explores new cases locally, and a failure prints the seed to replay it with.
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261202 });
