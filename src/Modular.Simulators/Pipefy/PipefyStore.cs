using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Modular.Simulators.Pipefy;

/// <summary>
/// Every Pipefy organisation, with the static API tokens: <c>demo-pipefy-token</c> is Acme (300001),
/// <c>demo-pipefy-token-2</c> Globex (300002), <c>Simulators:Pipefy:Tokens:{token}={organizationId}</c> adds more.
/// Ids are unique across organisations, as Pipefy's are: an id of another organisation's object is refused as
/// "Permission denied", an id nobody has as not found.
/// </summary>
internal sealed class PipefyStore
{
    private const string AcmeId = "300001";
    private const string GlobexId = "300002";

    private readonly TimeProvider _clock;
    private readonly Dictionary<string, string> _organizationByToken = new(StringComparer.Ordinal)
    {
        ["demo-pipefy-token"] = AcmeId,
        ["demo-pipefy-token-2"] = GlobexId,
    };
    private readonly ConcurrentDictionary<string, Lazy<PipefyOrganization>> _organizations = new(StringComparer.Ordinal);
    /// <summary>"kind:id" → the organisation that has it, for telling "not yours" from "no such thing".</summary>
    private readonly ConcurrentDictionary<string, PipefyOrganization> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _objects = [];
    private long _nextId = 900_000_000;
    private int _nextBlock = 2;

    public PipefyStore(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        foreach (var entry in configuration.GetSection("Simulators:Pipefy:Tokens").GetChildren())
            _organizationByToken[entry.Key] = entry.Value is { Length: > 0 } organization && organization.All(char.IsAsciiDigit)
                ? organization
                : throw new InvalidOperationException($"Simulators:Pipefy:Tokens:{{token}} must be an organization id of digits, not '{entry.Value}'.");
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public PipefyOrganization? ForToken(string? token) =>
        token is not null && _organizationByToken.TryGetValue(token, out var id) ? Organization(id) : null;

    public PipefyOrganization Organization(string id) =>
        _organizations.GetOrAdd(id, key => new Lazy<PipefyOrganization>(() => PipefyDemo.Seed(this, key, key switch
        {
            AcmeId => 1,
            GlobexId => 2,
            _ => Interlocked.Increment(ref _nextBlock),
        }, Now))).Value;

    /// <summary>A new object's id: numeric, unique across organisations.</summary>
    public string NewId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records that the organisation has the object, so that other organisations are refused it.</summary>
    public T Register<T>(PipefyOrganization organization, string kind, string id, T value) where T : notnull
    {
        _owners[$"{kind}:{id}"] = organization;
        lock (_objects) _objects[$"{kind}:{id}"] = value;
        return value;
    }

    public void Forget(string kind, string id)
    {
        _owners.TryRemove($"{kind}:{id}", out _);
        lock (_objects) _objects.Remove($"{kind}:{id}");
    }

    /// <summary>The organisation's object of that kind and id; another organisation's is Permission denied.</summary>
    public T Find<T>(PipefyOrganization caller, string kind, string? id) where T : class
    {
        // The demo organisations exist from the first lookup on, so their ids are refused, not unknown, to others.
        Organization(AcmeId);
        Organization(GlobexId);
        var key = $"{kind}:{id}";
        if (id is null || !_owners.TryGetValue(key, out var owner)) throw PipefyError.NotFound(kind);
        if (owner != caller) throw PipefyError.PermissionDenied();
        lock (_objects) return _objects.TryGetValue(key, out var value) && value is T typed ? typed : throw PipefyError.NotFound(kind);
    }

    /// <summary>A stable UUID for a demo object, so that ids a README names stay the same run to run.</summary>
    public static string UuidOf(string kind, string id) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{id}")).AsSpan(0, 16)).ToString();
}
