import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Public } from '../common/auth/access.decorators';
import { NotFoundError } from '../common/errors/domain-error';

/** The project's own assets folder, found from both src/ and dist/src/. */
function assetsDir(): string {
  for (const candidate of [
    resolve(__dirname, '..', '..', 'assets'),
    resolve(__dirname, '..', '..', '..', 'assets'),
  ])
    if (existsSync(join(candidate, 'workspace.css'))) return candidate;
  throw new Error('assets/ folder not found');
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function load(path: string, type: string): Asset {
  const body = readFileSync(path);
  return {
    body,
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

/**
 * The workspace's stylesheets and its one small script: the NL Design System's component
 * CSS (served from node_modules), the project's design tokens and shell styles. Read once.
 */
const ASSETS: Record<string, () => Asset> = {
  'utrecht.css': () =>
    load(
      join(
        dirname(require.resolve('@utrecht/component-library-css/package.json')),
        'dist',
        'index.css',
      ),
      'text/css; charset=utf-8',
    ),
  'workspace.css': () => load(join(assetsDir(), 'workspace.css'), 'text/css; charset=utf-8'),
  'workspace.js': () => load(join(assetsDir(), 'workspace.js'), 'text/javascript; charset=utf-8'),
};

@ApiTags('staff workspace (HTML pages)')
@Public()
@Controller('assets')
export class AssetsController {
  private readonly cache = new Map<string, Asset>();

  @Get(':name')
  @ApiOperation({ summary: 'A stylesheet or script of the staff workspace' })
  @ApiProduces('text/css', 'text/javascript')
  @ApiResponse({ status: 200, description: 'The file' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiResponse({ status: 404, description: 'No such asset' })
  serve(
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): void {
    const make = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!make) throw new NotFoundError('Asset');
    let asset = this.cache.get(name);
    if (!asset) {
      asset = make();
      this.cache.set(name, asset);
    }
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('ETag', asset.etag);
    if (ifNoneMatch === asset.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).type(asset.type).send(asset.body);
  }
}
