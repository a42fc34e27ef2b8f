import { Body, Controller, Get, Headers, Param, Post, Query, Req } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { readQueries } from './read-validation.js';

class PageQuery {
  @IsOptional()
  @IsString()
  cursor?: string;
}

class HaltBody {
  @IsString()
  reason!: string;
}

@Controller('reads')
class ReadsController {
  @Get(['page', 'pages'])
  page(@Query() _query: PageQuery): void {}

  @Get(':id')
  one(
    @Param('id') _id: string,
    @Headers('accept') _accept: string,
    @Req() _request: unknown,
  ): void {}

  @Post('halt')
  halt(@Body() _body: HaltBody, @Query('why') _why: number): void {}
}

@Controller('loose')
class LooseController {
  @Get('limit')
  limit(@Query('limit') _limit: string): void {}

  @Get('body')
  body(@Body() _body: HaltBody): void {}

  @Get(':n')
  numbered(@Param('n') _n: number): void {}
}

describe('readQueries', () => {
  it('finds each read route’s whole-query DTO under every path it is served on', () => {
    const { dtos, unchecked } = readQueries([ReadsController]);
    expect(Object.fromEntries(dtos)).toEqual({
      'GET /reads/page': PageQuery,
      'GET /reads/pages': PageQuery,
    });
    // Path text, headers and the request pass; the mutation is validated within its audit instead.
    expect(unchecked).toEqual([]);
  });

  it('names every read argument that nothing would validate', () => {
    expect(readQueries([LooseController]).unchecked.sort()).toEqual([
      'GET LooseController.body argument 0',
      'GET LooseController.limit argument 0',
      'GET LooseController.numbered argument 0',
    ]);
  });
});
