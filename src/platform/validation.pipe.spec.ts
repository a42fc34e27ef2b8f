import { BadRequestException } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { createValidationPipe } from './validation.pipe.js';

class SideQuery {
  @IsOptional()
  @IsIn(['buy', 'sell'])
  side?: string;
}

const asQuery = { type: 'query', metatype: SideQuery, data: undefined } as const;

describe('createValidationPipe on whole-query DTOs', () => {
  const pipe = createValidationPipe();

  it('answers a query string it has passed before with the same validated DTO', async () => {
    const first: unknown = await pipe.transform({ side: 'buy' }, asQuery);
    expect(first).toBeInstanceOf(SideQuery);
    expect(first).toEqual({ side: 'buy' });
    expect(await pipe.transform({ side: 'buy' }, asQuery)).toBe(first);
    expect(await pipe.transform({ side: 'sell' }, asQuery)).toEqual({ side: 'sell' });
  });

  it('refuses a bad query every time, naming the field', async () => {
    for (let i = 0; i < 2; i++) {
      const refused: unknown = await pipe
        .transform({ side: 'hold' }, asQuery)
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BadRequestException);
      expect((refused as BadRequestException).getResponse()).toMatchObject({ fields: ['side'] });
    }
    const unknown: unknown = await pipe.transform({ sid: 'buy' }, asQuery).catch((e: unknown) => e);
    expect((unknown as BadRequestException).getResponse()).toMatchObject({ fields: ['sid'] });
  });
});
