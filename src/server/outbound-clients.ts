import { type Activity, StatusCodes } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { BoundedCache } from '../util/bounded-cache';

/** The one answer to a request whose token does not verify, whatever went wrong. */
export const UNVERIFIED = 'a valid Bot Framework token is required';

/** What the wrapper reports of a refused token (a reason, never the token). */
export type RefusalListener = (kind: 'refused' | 'error', reason: string) => void;

function isTokenRefusal(err: unknown): boolean {
  return (
    (err instanceof AuthenticationError && err.statusCode === StatusCodes.UNAUTHORIZED) ||
    (err instanceof Error && ['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(err.name))
  );
}

/**
 * Every failure to verify a request's token becomes a 401 AuthenticationError with a fixed message:
 * botbuilder itself throws errors that become 500s with their own text when a signature does not
 * verify (forged key, HS256, alg none) or the signing keys cannot be fetched.
 */
async function verified<T>(attempt: () => Promise<T>, onRefused: RefusalListener): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    onRefused(isTokenRefusal(err) ? 'refused' : 'error', err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : 'unknown');
    throw new AuthenticationError(UNVERIFIED, StatusCodes.UNAUTHORIZED);
  }
}

/** How many outbound clients are kept: a bot talks to a handful of channel services. */
const DEFAULT_CAPACITY = 64;

/** The bot's own app id for a request, as botbuilder picks it (audience claim, else appid claim). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** The cached promise of a client, or a new one; a promise that fails is dropped, so that the next request tries again. */
function cachedClient<T>(cache: BoundedCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const client = cache.getOrSet(key, make);
  client.catch(() => {
    if (cache.get(key) === client) cache.delete(key);
  });
  return client;
}

/** A connector factory that hands out one client per app id, service URL and audience. */
class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: BoundedCache<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId, serviceUrl, audience ?? null]);
    return cachedClient(this.clients, key, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient and UserTokenClient (each with its own HTTP
 * pipeline) for every incoming activity: about 0.15 ms of CPU, a third of a whole echo turn. Their
 * maintainers' advice is to cache connector clients by service URL and credentials: this wrapper
 * does that, in a bounded cache, and delegates everything else. Authentication is delegated too, with
 * every refusal turned into one fixed 401 (see `verified`).
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: BoundedCache<string, Promise<ConnectorClient>>;
  private readonly userTokenClients: BoundedCache<string, Promise<UserTokenClient>>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    capacity = DEFAULT_CAPACITY,
    private readonly onRefused: RefusalListener = () => undefined,
  ) {
    super();
    this.connectorClients = new BoundedCache(capacity);
    this.userTokenClients = new BoundedCache(capacity);
  }

  private withCachedClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.connectorClients),
    };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedClients(await verified(() => this.inner.authenticateRequest(activity, authHeader), this.onRefused));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedClients(
      await verified(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader), this.onRefused),
    );
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectorClients);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return cachedClient(this.userTokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return verified(() => this.inner.authenticateChannelRequest(authHeader), this.onRefused);
  }
}
