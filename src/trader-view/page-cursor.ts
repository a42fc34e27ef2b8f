import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * An opaque position in a newest-first listing: the row id the next page starts below. Opaque so the
 * listing may change its key later without breaking clients that only echo it back.
 */
export function encodeCursor(rowId: number): string {
  return Buffer.from(`r${rowId}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const match = /^r(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

/** Validates a query field as a cursor this service handed out. */
export function IsPageCursor(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPageCursor',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a cursor from nextCursor`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && decodeCursor(value) !== undefined,
      },
    });
}
