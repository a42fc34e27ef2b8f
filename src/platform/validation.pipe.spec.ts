import { BadRequestException } from '@nestjs/common';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { RequestValidationPipe } from './validation.pipe.js';

class SideQuery {
  @IsOptional()
  @IsIn(['buy', 'sell'])
  side?: string;
}

class LimitBody {
  @IsInt()
  limit!: number;
}

const asQuery = { type: 'query', metatype: SideQuery, data: undefined } as const;

async function refusal(work: Promise<unknown>): Promise<object> {
  const refused: unknown = await work.catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(BadRequestException);
  return (refused as BadRequestException).getResponse() as object;
}

describe('RequestValidationPipe', () => {
  const pipe = new RequestValidationPipe();

  it('hands over the DTO', async () => {
    const valid: unknown = await pipe.transform({ side: 'buy' }, asQuery);
    expect(valid).toBeInstanceOf(SideQuery);
    expect(valid).toEqual({ side: 'buy' });
  });

  it('refuses a bad value and an unknown field with a 400 naming the field', async () => {
    expect(await refusal(pipe.transform({ side: 'hold' }, asQuery))).toMatchObject({
      statusCode: 400,
      fields: ['side'],
    });
    expect(await refusal(pipe.transform({ sid: 'buy' }, asQuery))).toMatchObject({
      fields: ['sid'],
    });
  });

  it('coerces nothing: a number sent as text is refused', async () => {
    const asBody = { type: 'body', metatype: LimitBody, data: undefined } as const;
    expect(await refusal(pipe.transform({ limit: '5' }, asBody))).toMatchObject({
      fields: ['limit'],
    });
    expect(await pipe.transform({ limit: 5 }, asBody)).toEqual({ limit: 5 });
  });
});
