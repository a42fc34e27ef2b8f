import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** The EIP-712 domain of a typed-data signature (the fields Aster uses, in the standard's order). */
export interface Eip712Domain {
  readonly name: string;
  readonly version: string;
  readonly chainId: number;
  readonly verifyingContract: string;
}

const DOMAIN_TYPE =
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)';
/** Aster signs one type only: `Message { string msg }`, whose `msg` is the request's parameter string. */
const MESSAGE_TYPE = 'Message(string msg)';

const keccakText = (text: string): Uint8Array => keccak_256(utf8ToBytes(text));

function uint256(value: number | bigint): Uint8Array {
  return hexToBytes(BigInt(value).toString(16).padStart(64, '0'));
}

function addressWord(address: string): Uint8Array {
  return concatBytes(new Uint8Array(12), hexToBytes(strip0x(address).toLowerCase()));
}

function strip0x(hex: string): string {
  return hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
}

export function domainSeparator(domain: Eip712Domain): Uint8Array {
  return keccak_256(
    concatBytes(
      keccakText(DOMAIN_TYPE),
      keccakText(domain.name),
      keccakText(domain.version),
      uint256(domain.chainId),
      addressWord(domain.verifyingContract),
    ),
  );
}

/** The 32-byte digest an EIP-712 wallet signs for `Message { msg }`. */
export function messageDigest(domain: Eip712Domain, msg: string): Uint8Array {
  const structHash = keccak_256(concatBytes(keccakText(MESSAGE_TYPE), keccakText(msg)));
  return keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator(domain), structHash));
}

/** `0x` + r ‖ s ‖ v with v = 27 + recovery id: the form Ethereum wallets (`signTypedData`) return. */
export function signDigest(digest: Uint8Array, privateKeyHex: string): string {
  const recovered = secp256k1.sign(digest, hexToBytes(strip0x(privateKeyHex)), {
    prehash: false,
    format: 'recovered',
  });
  const v = 27 + recovered[0];
  return `0x${bytesToHex(recovered.subarray(1))}${v.toString(16).padStart(2, '0')}`;
}

/** The address whose key made `signature` over `digest`. */
export function recoverAddress(digest: Uint8Array, signature: string): string {
  const bytes = hexToBytes(strip0x(signature));
  if (bytes.length !== 65) throw new Error('a signature is 65 bytes');
  const v = bytes[64];
  const recovery = v >= 27 ? v - 27 : v;
  const recovered = concatBytes(Uint8Array.of(recovery), bytes.subarray(0, 64));
  const publicKey = secp256k1.recoverPublicKey(recovered, digest, { prehash: false });
  return publicKeyToAddress(publicKey);
}

export function addressOf(privateKeyHex: string): string {
  return publicKeyToAddress(secp256k1.getPublicKey(hexToBytes(strip0x(privateKeyHex)), false));
}

/** Last 20 bytes of keccak(uncompressed point without its 0x04 prefix), in EIP-55 mixed case. */
function publicKeyToAddress(publicKey: Uint8Array): string {
  const point = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  const hex = bytesToHex(keccak_256(point.subarray(1)).subarray(12));
  return checksum(hex);
}

function checksum(lowerHex: string): string {
  const hash = bytesToHex(keccakText(lowerHex));
  let out = '0x';
  for (let i = 0; i < lowerHex.length; i++) {
    out += parseInt(hash[i], 16) >= 8 ? lowerHex[i].toUpperCase() : lowerHex[i];
  }
  return out;
}

export function sameAddress(a: string, b: string): boolean {
  return strip0x(a).toLowerCase() === strip0x(b).toLowerCase();
}
