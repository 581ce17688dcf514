import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { Public } from '../../common/auth/access.decorators';

/**
 * The copy button of the calendar address: shown and working only with this script (the
 * address can always be selected and copied by hand). No inline script: the CSP forbids it.
 */
const COPY_JS = `(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-copy]');
  Array.prototype.forEach.call(buttons, function (btn) {
    var key = btn.getAttribute('data-copy');
    var input = document.getElementById(key);
    var status = document.querySelector('[data-copy-status="' + key + '"]');
    if (!input) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      var done = function () {
        if (status) status.textContent = btn.getAttribute('data-copied') || '';
      };
      var fallback = function () {
        input.focus();
        input.select();
        try {
          document.execCommand('copy');
        } catch (e) {}
        done();
      };
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(input.value).then(done, fallback);
      else fallback();
    });
  });
})();
`;
const ETAG = `"${createHash('sha256').update(COPY_JS).digest('base64url').slice(0, 22)}"`;

@ApiTags('staff workspace (HTML pages)')
@Public()
@Controller('assets/activities')
export class ActivityAssetsController {
  @Get('copy.js')
  @ApiOperation({ summary: 'The small script of the activity pages (copy the calendar address)' })
  @ApiProduces('text/javascript')
  @ApiResponse({ status: 200, description: 'The script' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  copy(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('ETag', ETAG);
    if (ifNoneMatch === ETAG) {
      res.status(304).end();
      return;
    }
    res.status(200).type('text/javascript; charset=utf-8').send(COPY_JS);
  }
}
