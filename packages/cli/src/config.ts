import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `ducat login` keeps: a test key only (live keys stay in your servers' secrets). */
export type CliConfig = { merchantId: string; apiKey: string; apiUrl: string };

/**
 * The user's config folder: DUCAT_CONFIG_DIR, else the platform's (XDG_CONFIG_HOME or
 * ~/.config on Unix, %APPDATA% on Windows, ~/Library/Application Support on macOS), `ducat`.
 * This file is the only place the CLI reads its environment for settings.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DUCAT_CONFIG_DIR) return env.DUCAT_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'ducat');
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'ducat');
  }
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ducat');
}

export const configPath = (): string => join(configDir(), 'config.json');

/** Written owner-only (0600, in a 0700 folder): it holds an API key. */
export async function saveConfig(config: CliConfig): Promise<string> {
  const dir = configDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = configPath();
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: set it either way.
  await chmod(path, 0o600);
  return path;
}

export async function loadConfig(): Promise<CliConfig | undefined> {
  let text: string;
  try {
    text = await readFile(configPath(), 'utf8');
  } catch {
    return undefined;
  }
  const value = JSON.parse(text) as Partial<CliConfig>;
  if (!value.merchantId || !value.apiKey || !value.apiUrl) return undefined;
  return { merchantId: value.merchantId, apiKey: value.apiKey, apiUrl: value.apiUrl };
}
