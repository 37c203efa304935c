/** The key store for members' personal data: one AES-256 key per member, destroyed to forget them. */
export const PERSONAL_DATA_KEYS = Symbol('PersonalDataKeys');

export const PERSONAL_DATA_KEY_BYTES = 32;

export interface PersonalDataKeys {
  /** The member's key, created on first use; the same key on every later call until it is destroyed. */
  keyFor(memberId: string): Promise<Buffer>;
  /** The member's key, or undefined when it never existed or was destroyed. */
  findKey(memberId: string): Promise<Buffer | undefined>;
  /** Destroys the key for good (crypto-shredding); false when there was none. */
  destroyKey(memberId: string): Promise<boolean>;
}
