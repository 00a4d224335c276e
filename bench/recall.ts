/** Recall@1, recall@5 and mean reciprocal rank over the questions of one search benchmark. */
export class Recall {
  private n = 0;
  private at1 = 0;
  private at5 = 0;
  private rr = 0;

  /** `rank` is the 0-based position of the right passage in the answer, -1 if absent. */
  add(rank: number): void {
    this.n += 1;
    if (rank === 0) this.at1 += 1;
    if (rank >= 0 && rank < 5) this.at5 += 1;
    if (rank >= 0) this.rr += 1 / (rank + 1);
  }

  /** `depth` names the MRR cut-off: how many results each question was given. */
  report(depth: number): string {
    const f = (x: number) => (x / Math.max(this.n, 1)).toFixed(3);
    return (
      `recall@1=${f(this.at1)} (${this.at1}) recall@5=${f(this.at5)} (${this.at5}) ` +
      `MRR@${depth}=${f(this.rr)}`
    );
  }
}
