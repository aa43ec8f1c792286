import type { SignInDeps } from '../../core/accounts/sign-in.ts';
import type { Runtime } from '../runtime.ts';
import { route } from '../../core/routes.ts';

export function signInDeps(runtime: Runtime): SignInDeps {
  return {
    db: runtime.database.db,
    mail: runtime.mail,
    publicUrl: runtime.config.publicUrl,
    communityName: runtime.config.communityName,
    linkPath: (locale) => route('signInLink', locale),
  };
}
