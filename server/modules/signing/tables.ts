/** The platform's signing keys (Ed25519 as JWK text). The active one has `slot = 'active'`. */
export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  slot: string | null;
  created_at: string;
}

export interface SigningTables {
  signing_keys: SigningKeysTable;
}
