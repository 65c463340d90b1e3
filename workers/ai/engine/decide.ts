/** The answer/hand-over boundary shared by the agent turn and the offline eval. */
export function decideAnswer(confidence: number, threshold: number): boolean {
  return confidence >= threshold;
}
