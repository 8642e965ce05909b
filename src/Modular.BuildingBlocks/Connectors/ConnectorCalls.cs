using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Modular.BuildingBlocks.Egress;
using Modular.Plugins.Sdk;

namespace Modular.BuildingBlocks.Connectors;

/// <summary>
/// The host's HTTP pipeline for every connector call (operations and connection tests): the egress
/// policy, the account's credentials applied (and an OAuth token refreshed once on a 401), the
/// connector's declared rate limits per account, bounded retries of 429 and 5xx honouring Retry-After,
/// a time limit per attempt, and one log line per attempt with secrets redacted.
/// </summary>
public sealed class ConnectorCalls(IHttpMessageHandlerFactory handlers, ILogger<ConnectorCalls> logger)
{
    /// <summary>The named HTTP client whose handlers (egress policy, outbound hygiene) every connector call ends in.</summary>
    public const string HttpClientName = "connectors";

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    /// <summary>A vendor asking to wait longer than this gets its 429 passed on, rather than a run waiting on it.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);
    public const int MaxAttempts = 3;

    private readonly ConcurrentDictionary<(string Connector, string Account, int Rule), RateLimiter> _limiters = new();

    /// <summary>Calls of one connector with one account (or none), for one run or one test call.</summary>
    /// <param name="refresh">Gives the account with a new access token after the vendor refused the one given (null: it cannot be refreshed, with why).</param>
    /// <param name="log">Receives each call's line (method, URL without secrets, status, duration), e.g. for the run's log.</param>
    public ConnectorSession Open(
        ConnectorManifest connector, ConnectedAccount? account,
        Func<ConnectedAccount, CancellationToken, Task<(ConnectedAccount? Account, string? Problem)>>? refresh = null, Action<string>? log = null) =>
        new(this, connector, account, refresh, log);

    internal HttpMessageHandler Primary() => handlers.CreateHandler(HttpClientName);

    internal RateLimiter Limiter(ConnectorManifest connector, ConnectedAccount? account, int rule) =>
        _limiters.GetOrAdd((connector.Id, account?.Id ?? "", rule), _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = connector.RateLimits[rule].Permits,
            Window = connector.RateLimits[rule].Window,
            SegmentsPerWindow = 10,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    internal ILogger Logger => logger;
}

/// <summary>One connector with one account: hands operations their context, and keeps a refreshed account for the calls after.</summary>
public sealed class ConnectorSession
{
    private readonly ConnectorCalls _calls;
    private readonly Func<ConnectedAccount, CancellationToken, Task<(ConnectedAccount? Account, string? Problem)>>? _refresh;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile ConnectedAccount? _account;

    internal ConnectorSession(ConnectorCalls calls, ConnectorManifest connector, ConnectedAccount? account,
        Func<ConnectedAccount, CancellationToken, Task<(ConnectedAccount? Account, string? Problem)>>? refresh, Action<string>? log)
    {
        (_calls, Connector, _account, _refresh, _log) = (calls, connector, account, refresh, log);
    }

    public ConnectorManifest Connector { get; }
    public ConnectedAccount? Account => _account;

    /// <summary>A context for one operation call; its HttpClient sends through this session's pipeline.</summary>
    public OperationContext Context() =>
        new(new HttpClient(new Pipeline(this, _calls.Primary()), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            _account, Connector.BaseUrls, Connector.DisplayName, Connector.Errors);

    /// <summary>Every value of the account, masked wherever a text would show it.</summary>
    public string Redact(string text)
    {
        if (_account is { } account)
            foreach (var secret in account.SecretValues)
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    private void Log(string line)
    {
        var redacted = Redact(line);
        _calls.Logger.LogDebug("{Connector} call: {Call}", Connector.Id, redacted);
        _log?.Invoke(redacted);
    }

    private async Task<ConnectedAccount?> RefreshAsync(ConnectedAccount rejected, CancellationToken cancellationToken)
    {
        if (_refresh is null || rejected.Kind != AuthKind.OAuth2) return null;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            // A call that met the 401 alongside this one already has the new token.
            if (!ReferenceEquals(_account, rejected)) return _account;
            var (fresh, problem) = await _refresh(rejected, cancellationToken);
            if (fresh is null) throw new ConnectorCallException(problem ?? $"{Connector.DisplayName} refused the account's sign-in.", 401);
            _account = fresh;
            return fresh;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed class Pipeline(ConnectorSession session, HttpMessageHandler primary) : DelegatingHandler(primary)
    {
        private static readonly HashSet<string> Idempotent = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var idempotent = Idempotent.Contains(request.Method.Method)
                || request.Options.TryGetValue(ConnectorRequest.Idempotent, out var marked) && marked;
            var method = session.Connector.AuthMethods.FirstOrDefault(m => m.Kind == session.Account?.Kind);
            var refreshed = false;
            for (var attempt = 1; ; attempt++)
            {
                var account = session.Account;
                using var sent = attempt == 1 && !refreshed ? null : Copy(request, body);
                var message = sent ?? request;
                if (account is not null) method?.Apply(account, message);
                await WaitForPermitsAsync(message, account, cancellationToken);

                var watch = Stopwatch.StartNew();
                HttpResponseMessage response;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(ConnectorCalls.AttemptTimeout);
                    try
                    {
                        response = await base.SendAsync(message, timeout.Token);
                        // Read within the attempt's time: a vendor that sends headers and stalls is a timeout too.
                        await response.Content.LoadIntoBufferAsync(timeout.Token);
                    }
                    catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is OperationCanceledException or HttpRequestException && !IsEgress(error))
                    {
                        var reason = error is OperationCanceledException ? $"no answer within {ConnectorCalls.AttemptTimeout.TotalSeconds:0} s" : error.Message;
                        if (idempotent && attempt < ConnectorCalls.MaxAttempts)
                        {
                            var wait = Backoff(attempt);
                            session.Log($"{message.Method} {Describe(message.RequestUri)} failed ({reason}) after {watch.ElapsedMilliseconds} ms; trying again in {wait.TotalSeconds:0.#} s (attempt {attempt + 1} of {ConnectorCalls.MaxAttempts})");
                            await Task.Delay(wait, cancellationToken);
                            continue;
                        }
                        session.Log($"{message.Method} {Describe(message.RequestUri)} failed ({reason}) after {watch.ElapsedMilliseconds} ms");
                        throw new ConnectorCallException($"{session.Connector.DisplayName} could not be reached: {reason}.");
                    }
                }
                var status = (int)response.StatusCode;
                var line = $"{message.Method} {Describe(message.RequestUri)} → {status} in {watch.ElapsedMilliseconds} ms";

                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed && account is { Kind: AuthKind.OAuth2 })
                {
                    session.Log(line + "; refreshing the account's access token");
                    refreshed = true;
                    if (await session.RefreshAsync(account, cancellationToken) is not null)
                    {
                        response.Dispose();
                        attempt--;
                        continue;
                    }
                }
                if (Retryable(response.StatusCode, idempotent) && attempt < ConnectorCalls.MaxAttempts && RetryWait(response, attempt) is { } delay)
                {
                    session.Log($"{line}; trying again in {delay.TotalSeconds:0.#} s (attempt {attempt + 1} of {ConnectorCalls.MaxAttempts})");
                    response.Dispose();
                    await Task.Delay(delay, cancellationToken);
                    continue;
                }
                session.Log(line);
                return response;
            }
        }

        private async Task WaitForPermitsAsync(HttpRequestMessage request, ConnectedAccount? account, CancellationToken cancellationToken)
        {
            var limits = session.Connector.RateLimits;
            for (var rule = 0; rule < limits.Count; rule++)
            {
                if (limits[rule].PathContains is { } part && request.RequestUri?.AbsolutePath.Contains(part, StringComparison.Ordinal) != true) continue;
                using var lease = await session._calls.Limiter(session.Connector, account, rule).AcquireAsync(1, cancellationToken);
                if (!lease.IsAcquired) throw new ConnectorCallException($"Too many calls to {session.Connector.DisplayName} are waiting for its rate limit.");
            }
        }

        private static bool Retryable(HttpStatusCode status, bool idempotent) =>
            status == HttpStatusCode.TooManyRequests || idempotent && (int)status is 500 or 502 or 503 or 504;

        /// <summary>What the vendor asked for (Retry-After, capped), else a short growing wait; null when it asks too long.</summary>
        private static TimeSpan? RetryWait(HttpResponseMessage response, int attempt)
        {
            var asked = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            if (asked is null) return Backoff(attempt);
            if (asked > ConnectorCalls.MaxRetryWait) return null;
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
        }

        private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1) + Random.Shared.Next(0, 250));

        private static bool IsEgress(Exception error)
        {
            for (var inner = error; inner is not null; inner = inner.InnerException)
                if (inner is EgressException) return true;
            return false;
        }

        private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            foreach (var option in request.Options) ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
            if (body is not null)
            {
                copy.Content = new ByteArrayContent(body);
                foreach (var header in request.Content!.Headers) copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            return copy;
        }
    }

    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "access_token", "refresh_token", "key", "api_key", "apikey", "hapikey", "secret", "client_secret", "password", "code", "signature", "sig",
    };

    /// <summary>A URL as a log may show it: no user info, and the values of parameters that carry secrets masked.</summary>
    public static string Describe(Uri? url)
    {
        if (url is null) return "(no URL)";
        var builder = new UriBuilder(url) { UserName = "", Password = "" };
        if (url.Query.Length > 1)
            builder.Query = string.Join("&", url.Query[1..].Split('&').Select(pair =>
            {
                var name = pair.Split('=')[0];
                return SecretParameters.Contains(Uri.UnescapeDataString(name)) ? name + "=***" : pair;
            }));
        return builder.Uri.GetLeftPart(UriPartial.Query);
    }
}
