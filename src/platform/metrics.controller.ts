import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MetricsRegistry } from './metrics-registry.js';
import { RequiresScope } from './route-access.js';

@ApiTags('operations')
// Probes, scrapes and static files: reachable without a token.
@RequiresScope('public')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get('metrics')
  @ApiOperation({
    operationId: 'scrapeMetrics',
    summary: 'Prometheus metrics, text exposition format.',
  })
  @ApiProduces('text/plain')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.scrape();
    await reply.header('Content-Type', this.metrics.contentType()).send(body);
  }
}
