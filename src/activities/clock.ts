import { Injectable } from '@nestjs/common';

/**
 * "Now", injectable so tests can set the time (jest.spyOn(app.get(Clock), 'now')). Every
 * rule of the activities area that depends on the time asks this clock.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
