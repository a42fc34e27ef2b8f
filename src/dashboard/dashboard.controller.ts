import { Controller, Get, Headers, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DashboardAssets } from './dashboard-assets.js';
import { RequiresScope } from '../platform/route-access.js';

/**
 * Everything the page loads comes from here: no CDN, so it works on a desk with no internet. The
 * policy below makes the browser refuse anything from elsewhere, which the browser test would see.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

@ApiExcludeController()
// Probes, scrapes and static files: reachable without a token.
@RequiresScope('public')
@Controller()
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  @Redirect('/dashboard', 302)
  root(): void {}

  @Get('dashboard')
  page(
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    this.send('index.html', encoding, etag, reply);
  }

  @Get('dashboard/:file')
  file(
    @Param('file') file: string,
    @Headers('accept-encoding') encoding: string | undefined,
    @Headers('if-none-match') etag: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    this.send(file, encoding, etag, reply);
  }

  private send(
    name: string,
    encoding: string | undefined,
    ifNoneMatch: string | undefined,
    reply: FastifyReply,
  ): void {
    const asset = this.assets.get(name);
    if (!asset) {
      void reply.status(404).send({ statusCode: 404, message: `no dashboard file ${name}` });
      return;
    }
    // Revalidate on every load (cheap on localhost) so a new build never shows a stale page.
    void reply
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag)
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (ifNoneMatch === asset.etag) {
      void reply.status(304).send();
      return;
    }
    const gzip = /\bgzip\b/.test(encoding ?? '');
    void reply
      .type(asset.contentType)
      .header('content-encoding', gzip ? 'gzip' : 'identity')
      .send(gzip ? asset.gzipped : asset.body);
  }
}
