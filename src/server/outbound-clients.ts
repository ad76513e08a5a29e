import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { BoundedCache } from '../util/bounded-cache';

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
 * does that, in a bounded cache, and delegates everything else (authentication included).
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients: BoundedCache<string, Promise<ConnectorClient>>;
  private readonly userTokenClients: BoundedCache<string, Promise<UserTokenClient>>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    capacity = DEFAULT_CAPACITY,
  ) {
    super();
    this.connectorClients = new BoundedCache(capacity);
    this.userTokenClients = new BoundedCache(capacity);
  }

  private withCachedClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.connectorClients) };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedClients(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedClients(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
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
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
