export {
  SettingError,
  envChoice,
  envFlag,
  envInteger,
  envList,
  envOptional,
  envPort,
  envRequired,
} from './env-settings.js';
