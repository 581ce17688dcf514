import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AppLogger } from '../common/logging/app-logger';

/** Seeds a demo school on the embedded set-up (filled in by the schools module). */
export async function seedDemo(_app: INestApplicationContext, _config: AppConfig, _logger: AppLogger): Promise<void> {
  // intentionally empty until schools and staff exist
}
