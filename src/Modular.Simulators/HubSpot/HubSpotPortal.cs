using System.Globalization;

namespace Modular.Simulators.HubSpot;

/// <summary>A CRM object as it was at one moment: what a request reads, safe to render outside the portal's lock.</summary>
internal sealed record CrmSnapshot(long Id, CrmType Type, IReadOnlyDictionary<string, string> Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Archived, DateTimeOffset? ArchivedAt)
{
    public string? this[string property] => Properties.GetValueOrDefault(property);
}

internal sealed record Owner(string Id, string Email, string FirstName, string LastName, long UserId, DateTimeOffset CreatedAt);

internal sealed record AssociationLink(CrmType To, long ToId, int TypeId);

internal enum WriteOutcome { Done, NotFound, Conflict, TargetNotFound }

/// <summary>What a create or update did: the object, or why not (with the contact whose email it would duplicate).</summary>
internal sealed record WriteResult(WriteOutcome Outcome, CrmSnapshot? Object = null, long? ExistingId = null);

/// <summary>
/// One HubSpot portal's CRM: contacts, companies and deals, their associations (kept in both directions, as HubSpot
/// does) and the portal's owners. One lock guards it all; reads hand out snapshots.
/// </summary>
internal sealed class HubSpotPortal
{
    private sealed class CrmObject(long id, CrmType type, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;
        public CrmType Type { get; } = type;
        public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset UpdatedAt { get; set; } = createdAt;
        public bool Archived { get; set; }
        public DateTimeOffset? ArchivedAt { get; set; }

        public CrmSnapshot Snapshot() => new(Id, Type, new Dictionary<string, string>(Properties, StringComparer.Ordinal), CreatedAt, UpdatedAt, Archived, ArchivedAt);
    }

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<CrmType, SortedDictionary<long, CrmObject>> _objects = CrmType.All.ToDictionary(type => type, _ => new SortedDictionary<long, CrmObject>());
    private readonly HashSet<(CrmType From, long FromId, CrmType To, long ToId, int TypeId)> _associations = [];
    private long _lastId;

    public HubSpotPortal(long portalId, IReadOnlyList<Owner> owners, TimeProvider clock)
    {
        PortalId = portalId;
        Owners = owners;
        _clock = clock;
        // Ids are the portal's id followed by a counter, so that two portals' ids never meet.
        _lastId = portalId * 1_000_000;
    }

    public long PortalId { get; }
    public IReadOnlyList<Owner> Owners { get; }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public CrmSnapshot? Get(CrmType type, long id, bool archived = false)
    {
        lock (_gate) return _objects[type].TryGetValue(id, out var found) && found.Archived == archived ? found.Snapshot() : null;
    }

    /// <summary>The live object whose property has this value (case-insensitive): a contact by email.</summary>
    public CrmSnapshot? FindBy(CrmType type, string property, string value)
    {
        lock (_gate) return Live(type, property, value)?.Snapshot();
    }

    /// <summary>A page in id order from <paramref name="after"/> on, and the id the next page starts at.</summary>
    public (IReadOnlyList<CrmSnapshot> Page, long? Next) List(CrmType type, long after, int limit, bool archived)
    {
        lock (_gate)
        {
            var matching = _objects[type].Values.Where(o => o.Archived == archived && o.Id >= after).Take(limit + 1).ToList();
            var next = matching.Count > limit ? matching[limit].Id : (long?)null;
            return ([.. matching.Take(limit).Select(o => o.Snapshot())], next);
        }
    }

    /// <summary>Every live object of the type, for a search to filter.</summary>
    public IReadOnlyList<CrmSnapshot> All(CrmType type)
    {
        lock (_gate) return [.. _objects[type].Values.Where(o => !o.Archived).Select(o => o.Snapshot())];
    }

    public WriteResult Create(CrmType type, IReadOnlyDictionary<string, string> properties, IReadOnlyList<AssociationLink> associations) =>
        Create(type, properties, associations, _clock.GetUtcNow());

    /// <summary>Demo data: created at a fixed moment, so every portal starts the same each run.</summary>
    public WriteResult Create(CrmType type, IReadOnlyDictionary<string, string> properties, IReadOnlyList<AssociationLink> associations, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (Duplicate(type, properties, exceptId: null) is { } existing) return new WriteResult(WriteOutcome.Conflict, ExistingId: existing.Id);
            if (associations.Any(link => !Exists(link.To, link.ToId))) return new WriteResult(WriteOutcome.TargetNotFound);
            var created = new CrmObject(++_lastId, type, at);
            foreach (var (name, value) in properties)
                if (value.Length > 0) created.Properties[name] = value;
            created.Properties["hs_object_id"] = created.Id.ToString(CultureInfo.InvariantCulture);
            created.Properties["createdate"] = Iso(at);
            created.Properties[type.LastModifiedProperty] = Iso(at);
            _objects[type][created.Id] = created;
            foreach (var link in associations) Link(type, created.Id, link.To, link.ToId, link.TypeId);
            return new WriteResult(WriteOutcome.Done, created.Snapshot());
        }
    }

    /// <summary>Sets the properties given; an empty value clears one, as in HubSpot.</summary>
    public WriteResult Update(CrmType type, long id, IReadOnlyDictionary<string, string> properties)
    {
        lock (_gate)
        {
            if (!_objects[type].TryGetValue(id, out var found) || found.Archived) return new WriteResult(WriteOutcome.NotFound);
            if (Duplicate(type, properties, exceptId: id) is { } existing) return new WriteResult(WriteOutcome.Conflict, ExistingId: existing.Id);
            var now = _clock.GetUtcNow();
            foreach (var (name, value) in properties)
                if (value.Length > 0) found.Properties[name] = value;
                else found.Properties.Remove(name);
            found.UpdatedAt = now;
            found.Properties[type.LastModifiedProperty] = Iso(now);
            return new WriteResult(WriteOutcome.Done, found.Snapshot());
        }
    }

    /// <summary>Archives (HubSpot's DELETE); an archived object is gone from reads, lists and searches.</summary>
    public bool Archive(CrmType type, long id)
    {
        lock (_gate)
        {
            if (!_objects[type].TryGetValue(id, out var found)) return false;
            if (found.Archived) return true;
            found.Archived = true;
            found.ArchivedAt = found.UpdatedAt = _clock.GetUtcNow();
            return true;
        }
    }

    public WriteOutcome Associate(CrmType from, long fromId, CrmType to, long toId, int typeId)
    {
        lock (_gate)
        {
            if (!Exists(from, fromId)) return WriteOutcome.NotFound;
            if (!Exists(to, toId)) return WriteOutcome.TargetNotFound;
            Link(from, fromId, to, toId, typeId);
            return WriteOutcome.Done;
        }
    }

    /// <summary>Removes every association between the two objects, both directions.</summary>
    public bool Dissociate(CrmType from, long fromId, CrmType to, long toId)
    {
        lock (_gate)
        {
            if (!Exists(from, fromId)) return false;
            _associations.RemoveWhere(a => (a.From == from && a.FromId == fromId && a.To == to && a.ToId == toId)
                || (a.From == to && a.FromId == toId && a.To == from && a.ToId == fromId));
            return true;
        }
    }

    /// <summary>The live objects of <paramref name="to"/> associated with the object, each with its type ids; null if the object is not there.</summary>
    public IReadOnlyList<(long ToId, IReadOnlyList<int> TypeIds)>? Associations(CrmType from, long fromId, CrmType to)
    {
        lock (_gate)
        {
            if (!Exists(from, fromId)) return null;
            return [.. _associations.Where(a => a.From == from && a.FromId == fromId && a.To == to && Exists(to, a.ToId))
                .GroupBy(a => a.ToId).OrderBy(g => g.Key)
                .Select(g => (g.Key, (IReadOnlyList<int>)[.. g.Select(a => a.TypeId).Order()]))];
        }
    }

    private bool Exists(CrmType type, long id) => _objects[type].TryGetValue(id, out var found) && !found.Archived;

    private void Link(CrmType from, long fromId, CrmType to, long toId, int typeId)
    {
        _associations.Add((from, fromId, to, toId, typeId));
        if (AssociationTypes.Inverse(from, to, typeId) is { } inverse) _associations.Add((to, toId, from, fromId, inverse));
    }

    private CrmObject? Live(CrmType type, string property, string value) =>
        _objects[type].Values.FirstOrDefault(o => !o.Archived && o.Properties.TryGetValue(property, out var v) && v.Equals(value, StringComparison.OrdinalIgnoreCase));

    /// <summary>A contact's email is unique in its portal.</summary>
    private CrmObject? Duplicate(CrmType type, IReadOnlyDictionary<string, string> properties, long? exceptId) =>
        type == CrmType.Contacts && properties.TryGetValue("email", out var email) && email.Length > 0
            && Live(type, "email", email) is { } existing && existing.Id != exceptId
            ? existing
            : null;
}
