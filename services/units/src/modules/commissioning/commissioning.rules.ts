/** Serial issuing as plain functions: random serials and how hard they are to guess. No I/O. */

/** Characters of random serials: digits and upper-case letters without I and O (all in GS1 character set 82). */
const RANDOM_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** Length of random serials: 34^12 ≈ 2.4e18 values, far beyond the EU FMD 1-in-10,000 guessing bound. */
export const RANDOM_SERIAL_LENGTH = 12;

/**
 * Makes `count` random serials from `randomBytes` (a CSPRNG). Rejection sampling keeps every character
 * uniformly likely. Duplicates within the batch are possible in principle and are removed by the caller.
 */
export function randomSerials(count: number, randomBytes: (n: number) => Uint8Array): string[] {
  const limit = 256 - (256 % RANDOM_ALPHABET.length);
  const out: string[] = [];
  let pool = randomBytes(count * RANDOM_SERIAL_LENGTH * 2);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let serial = "";
    while (serial.length < RANDOM_SERIAL_LENGTH) {
      if (at >= pool.length) {
        pool = randomBytes(RANDOM_SERIAL_LENGTH * 16);
        at = 0;
      }
      const byte = pool[at++] as number;
      if (byte < limit) serial += RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length];
    }
    out.push(serial);
  }
  return out;
}

/** The probability of guessing one valid serial among `issued` random ones by a single random try. */
export function guessProbability(issued: number): number {
  return issued / RANDOM_ALPHABET.length ** RANDOM_SERIAL_LENGTH;
}
