import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The test server's own EIP-712 verifier: a generic typed-data encoder (string, uint256, address
 * fields), written apart from the service's signer so a shared mistake cannot make both agree.
 */
type Field = { readonly name: string; readonly type: 'string' | 'uint256' | 'address' };
type Struct = {
  readonly type: string;
  readonly fields: readonly Field[];
  readonly values: Record<string, string | number>;
};

function encodeType(struct: Struct): string {
  return `${struct.type}(${struct.fields.map((f) => `${f.type} ${f.name}`).join(',')})`;
}

function encodeValue(field: Field, value: string | number): Uint8Array {
  switch (field.type) {
    case 'string':
      return keccak_256(utf8ToBytes(String(value)));
    case 'uint256':
      return hexToBytes(BigInt(value).toString(16).padStart(64, '0'));
    case 'address':
      return hexToBytes(String(value).slice(2).toLowerCase().padStart(64, '0'));
  }
}

function hashStruct(struct: Struct): Uint8Array {
  return keccak_256(
    concatBytes(
      keccak_256(utf8ToBytes(encodeType(struct))),
      ...struct.fields.map((f) => encodeValue(f, struct.values[f.name])),
    ),
  );
}

export function asterTypedDataHash(msg: string, chainId: number): Uint8Array {
  const domain: Struct = {
    type: 'EIP712Domain',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    values: {
      name: 'AsterSignTransaction',
      version: '1',
      chainId,
      verifyingContract: '0x0000000000000000000000000000000000000000',
    },
  };
  const message: Struct = {
    type: 'Message',
    fields: [{ name: 'msg', type: 'string' }],
    values: { msg },
  };
  return keccak_256(
    concatBytes(Uint8Array.of(0x19, 0x01), hashStruct(domain), hashStruct(message)),
  );
}

/** Lower-case address recovered from an `r‖s‖v` signature, or undefined when it does not parse. */
export function recoverSigner(digest: Uint8Array, signature: string): string | undefined {
  try {
    const bytes = hexToBytes(signature.replace(/^0x/, ''));
    const recovered = concatBytes(Uint8Array.of(bytes[64] - 27), bytes.subarray(0, 64));
    const publicKey = secp256k1.recoverPublicKey(recovered, digest, { prehash: false });
    const point = secp256k1.Point.fromBytes(publicKey).toBytes(false);
    return `0x${bytesToHex(keccak_256(point.subarray(1)).subarray(12))}`;
  } catch {
    return undefined;
  }
}
