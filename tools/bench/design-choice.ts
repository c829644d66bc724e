import { round } from './stats.js';

/** One design choice of the bench's table: the naive way against the chosen one, measured in the same run. */
export interface DesignChoice {
  choice: string;
  metric: string;
  naive: { label: string; value: number };
  chosen: { label: string; value: number };
  /** naive / chosen: how many times better the choice is. */
  ratio: number;
}

export const choice = (
  name: string,
  metric: string,
  naiveLabel: string,
  naive: number,
  chosenLabel: string,
  chosen: number,
): DesignChoice => ({
  choice: name,
  metric,
  naive: { label: naiveLabel, value: naive },
  chosen: { label: chosenLabel, value: chosen },
  ratio: round(chosen === 0 ? 0 : naive / chosen, 1),
});
