using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Modular.Simulators.Faults;
using Modular.Simulators.Tenants;

namespace Modular.Simulators.HubSpot;

/// <summary>
/// api.hubapi.com's CRM under <c>/hubspot/api</c>: v3 objects (contacts, companies, deals: list, create, read, update,
/// archive, search), v4 and v3 associations, deal pipelines and owners. Each portal sees only its own data; every
/// answer carries HubSpot's rate-limit headers.
/// </summary>
internal static partial class HubSpotCrm
{
    private const int MaxListLimit = 100;

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<HubSpotRateLimits>();
        services.AddSingleton(provider => new TenantStore<HubSpotPortal>(identity => HubSpotDemoData.Seed(identity, provider.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IVendorFaults, HubSpotFaults>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        // Bad limits stop the app at start rather than failing the first request.
        app.ServiceProvider.GetRequiredService<HubSpotRateLimits>();
        var api = app.MapGroup("/hubspot/api").RequireCaller(HubSpotOAuth.Vendor, HubSpotErrors.Unauthorized).AddEndpointFilter(RateLimitAsync);

        var objects = api.MapGroup("/crm/v3/objects/{objectType}");
        objects.MapGet("", List);
        objects.MapPost("", CreateAsync);
        objects.MapPost("/search", SearchAsync);
        objects.MapGet("/{objectId}", Read);
        objects.MapPatch("/{objectId}", UpdateAsync);
        objects.MapDelete("/{objectId}", Archive);
        objects.MapPut("/{objectId}/associations/{toObjectType}/{toObjectId}/{associationType}", AssociateV3);
        objects.MapDelete("/{objectId}/associations/{toObjectType}/{toObjectId}/{associationType}", DissociateV3);

        var associations = api.MapGroup("/crm/v4/objects/{objectType}/{objectId}/associations");
        associations.MapPut("/default/{toObjectType}/{toObjectId}", AssociateDefault);
        associations.MapPut("/{toObjectType}/{toObjectId}", AssociateLabelledAsync);
        associations.MapGet("/{toObjectType}", ListAssociations);
        associations.MapDelete("/{toObjectType}/{toObjectId}", Dissociate);

        api.MapGet("/crm/v3/pipelines/{objectType}", Pipelines);
        api.MapGet("/crm/v3/pipelines/{objectType}/{pipelineId}", Pipeline);
        api.MapGet("/crm/v3/owners", Owners);
        api.MapGet("/crm/v3/owners/{ownerId}", OwnerById);
    }

    // ---- rate limits ----

    private static async ValueTask<object?> RateLimitAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var token = http.Caller().Token;
        var limits = http.RequestServices.GetRequiredService<HubSpotRateLimits>();
        var headers = http.Response.Headers;
        headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
        headers["X-HubSpot-RateLimit-Max"] = limits.TenSecondly.ToString(CultureInfo.InvariantCulture);
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Value!.EndsWith("/search", StringComparison.Ordinal))
        {
            var search = limits.TakeSearch(token);
            if (!search.Allowed)
            {
                headers["X-HubSpot-RateLimit-Remaining"] = limits.PeekTenSecondly(token).Remaining.ToString(CultureInfo.InvariantCulture);
                headers.RetryAfter = search.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return HubSpotErrors.RateLimited(HubSpotErrors.SecondlyMessage, "SECONDLY");
            }
        }
        var burst = limits.TakeTenSecondly(token);
        headers["X-HubSpot-RateLimit-Remaining"] = burst.Remaining.ToString(CultureInfo.InvariantCulture);
        if (!burst.Allowed)
        {
            headers.RetryAfter = burst.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return HubSpotErrors.RateLimited(HubSpotErrors.TenSecondlyMessage, "TEN_SECONDLY_ROLLING");
        }
        return await next(invocation);
    }

    // ---- objects ----

    private static IResult List(string objectType, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: false);
        if (type is null) return refusal!;
        var query = http.Request.Query;
        var limit = 10;
        if (Single(query["limit"]) is { } limitText && !int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
            return HubSpotErrors.Validation($"Unable to parse limit '{limitText}' as an integer.");
        limit = Math.Clamp(limit, 1, MaxListLimit);
        long after = 0;
        if (Single(query["after"]) is { } afterText && !long.TryParse(afterText, NumberStyles.Integer, CultureInfo.InvariantCulture, out after))
            return HubSpotErrors.Validation($"Invalid after '{afterText}': use paging.next.after of the previous page.");
        var portal = portals.For(http.Caller());
        var (page, next) = portal.List(type, after, limit, archived: IsTrue(query["archived"]));
        var properties = Names(query["properties"]) ?? type.DefaultProperties;
        var associated = Names(query["associations"]);
        return Results.Json(new
        {
            results = page.Select(o => View(o, properties, Associated(portal, o, associated))),
            paging = next is { } n ? new { next = new { after = n.ToString(CultureInfo.InvariantCulture), link = NextLink(http.Request, n.ToString(CultureInfo.InvariantCulture)) } } : null,
        });
    }

    private static async Task<IResult> CreateAsync(string objectType, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: true);
        if (type is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request, requireObject: true);
        if (invalid is not null) return invalid;
        var (properties, bad) = ReadProperties(type, body.TryGetProperty("properties", out var p) ? p : default, creating: true);
        if (bad is not null) return bad;
        var (links, badLinks) = ReadAssociations(type, body);
        if (badLinks is not null) return badLinks;

        var result = portals.For(http.Caller()).Create(type, properties!, links!);
        return result.Outcome switch
        {
            WriteOutcome.Conflict => Conflict(result.ExistingId!.Value),
            WriteOutcome.TargetNotFound => HubSpotErrors.Validation("One or more associated objects do not exist."),
            _ => Results.Json(View(result.Object!, properties: null), statusCode: StatusCodes.Status201Created),
        };
    }

    private static IResult Read(string objectType, string objectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: false);
        if (type is null) return refusal!;
        var query = http.Request.Query;
        var portal = portals.For(http.Caller());
        var (found, bad) = Find(portal, type, objectId, Single(query["idProperty"]), archived: IsTrue(query["archived"]));
        if (bad is not null) return bad;
        if (found is null) return HubSpotErrors.ObjectNotFound();
        return Results.Json(View(found, Names(query["properties"]) ?? type.DefaultProperties, Associated(portal, found, Names(query["associations"]))));
    }

    private static async Task<IResult> UpdateAsync(string objectType, string objectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: true);
        if (type is null) return refusal!;
        var portal = portals.For(http.Caller());
        var (found, badId) = Find(portal, type, objectId, Single(http.Request.Query["idProperty"]), archived: false);
        if (badId is not null) return badId;
        var (body, invalid) = await ReadJsonAsync(http.Request, requireObject: true);
        if (invalid is not null) return invalid;
        var (properties, bad) = ReadProperties(type, body.TryGetProperty("properties", out var p) ? p : default, creating: false);
        if (bad is not null) return bad;
        if (found is null) return HubSpotErrors.ObjectNotFound();

        var result = portal.Update(type, found.Id, properties!);
        return result.Outcome switch
        {
            WriteOutcome.NotFound => HubSpotErrors.ObjectNotFound(),
            WriteOutcome.Conflict => Conflict(result.ExistingId!.Value),
            _ => Results.Json(View(result.Object!, properties: null)),
        };
    }

    private static IResult Archive(string objectType, string objectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: true);
        if (type is null) return refusal!;
        return long.TryParse(objectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && portals.For(http.Caller()).Archive(type, id)
            ? Results.NoContent()
            : HubSpotErrors.ObjectNotFound();
    }

    private static async Task<IResult> SearchAsync(string objectType, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (type, refusal) = Resolve(http, objectType, write: false);
        if (type is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        var (search, error) = HubSpotSearch.Parse(body);
        if (search is null) return HubSpotErrors.Validation(error!);

        var found = HubSpotSearch.Run(type, portals.For(http.Caller()).All(type), search);
        var properties = search.Properties is { Count: > 0 } requested ? requested : type.DefaultProperties;
        var next = search.After + search.Limit;
        return Results.Json(new
        {
            total = found.Count,
            results = found.Skip(search.After).Take(search.Limit).Select(o => View(o, properties)),
            paging = next < found.Count ? new { next = new { after = next.ToString(CultureInfo.InvariantCulture) } } : null,
        });
    }

    // ---- associations ----

    private static IResult AssociateDefault(string objectType, string objectId, string toObjectType, string toObjectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (from, to, fromId, toId, refusal) = ResolvePair(http, objectType, objectId, toObjectType, toObjectId, write: true);
        if (refusal is not null) return refusal;
        if (AssociationTypes.Default(from!, to!) is not { } typeId) return HubSpotErrors.Validation($"There is no default association from {from!.Name} to {to!.Name}.");
        var startedAt = HubSpotPortal.Iso(DateTimeOffset.UtcNow);
        return portals.For(http.Caller()).Associate(from!, fromId, to!, toId, typeId) switch
        {
            WriteOutcome.Done => Results.Json(new
            {
                status = "COMPLETE",
                results = new[]
                {
                    new
                    {
                        from = new { id = fromId.ToString(CultureInfo.InvariantCulture) },
                        to = new { id = toId.ToString(CultureInfo.InvariantCulture) },
                        associationSpec = new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = typeId },
                    },
                },
                startedAt,
                completedAt = HubSpotPortal.Iso(DateTimeOffset.UtcNow),
            }),
            _ => HubSpotErrors.ObjectNotFound(),
        };
    }

    /// <summary>v4's labelled create: the body lists the association types, <c>[{associationCategory, associationTypeId}]</c>.</summary>
    private static async Task<IResult> AssociateLabelledAsync(string objectType, string objectId, string toObjectType, string toObjectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (from, to, fromId, toId, refusal) = ResolvePair(http, objectType, objectId, toObjectType, toObjectId, write: true);
        if (refusal is not null) return refusal;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
            return HubSpotErrors.Validation("The body must be a list of association types: [{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}].");
        var typeIds = new List<int>();
        foreach (var spec in body.EnumerateArray())
        {
            if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty("associationTypeId", out var t) || !t.TryGetInt32(out var typeId)
                || AssociationTypes.Target(from!, typeId) != to)
                return HubSpotErrors.Validation($"Invalid association type for {from!.Name} to {to!.Name}: {spec.GetRawText()}");
            typeIds.Add(typeId);
        }
        var portal = portals.For(http.Caller());
        foreach (var typeId in typeIds)
            if (portal.Associate(from!, fromId, to!, toId, typeId) != WriteOutcome.Done) return HubSpotErrors.ObjectNotFound();
        return Results.Json(new
        {
            fromObjectTypeId = from!.TypeId,
            fromObjectId = fromId,
            toObjectTypeId = to!.TypeId,
            toObjectId = toId,
            labels = typeIds.Select(id => AssociationTypes.Label(from, to, id)).OfType<string>(),
        }, statusCode: StatusCodes.Status201Created);
    }

    private static IResult ListAssociations(string objectType, string objectId, string toObjectType, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (from, refusal) = Resolve(http, objectType, write: false);
        if (from is null) return refusal!;
        if (CrmType.Find(toObjectType) is not { } to) return UnknownType(toObjectType);
        if (!long.TryParse(objectId, NumberStyles.None, CultureInfo.InvariantCulture, out var fromId)) return HubSpotErrors.ObjectNotFound();
        if (portals.For(http.Caller()).Associations(from, fromId, to) is not { } links) return HubSpotErrors.ObjectNotFound();
        var query = http.Request.Query;
        var limit = int.TryParse(Single(query["limit"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 500) : 500;
        var after = int.TryParse(Single(query["after"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? Math.Max(a, 0) : 0;
        var next = after + limit;
        return Results.Json(new
        {
            results = links.Skip(after).Take(limit).Select(link => new
            {
                toObjectId = link.ToId,
                associationTypes = link.TypeIds.Select(id => new AssociationTypeView("HUBSPOT_DEFINED", id, AssociationTypes.Label(from, to, id))),
            }),
            paging = next < links.Count ? new { next = new { after = next.ToString(CultureInfo.InvariantCulture), link = NextLink(http.Request, next.ToString(CultureInfo.InvariantCulture)) } } : null,
        });
    }

    private static IResult Dissociate(string objectType, string objectId, string toObjectType, string toObjectId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (from, to, fromId, toId, refusal) = ResolvePair(http, objectType, objectId, toObjectType, toObjectId, write: true);
        if (refusal is not null) return refusal;
        return portals.For(http.Caller()).Dissociate(from!, fromId, to!, toId) ? Results.NoContent() : HubSpotErrors.ObjectNotFound();
    }

    /// <summary>v3's associate: the type by name (<c>contact_to_company</c>) or id; answers the object with its associations.</summary>
    private static IResult AssociateV3(string objectType, string objectId, string toObjectType, string toObjectId, string associationType, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var (from, to, fromId, toId, refusal) = ResolvePair(http, objectType, objectId, toObjectType, toObjectId, write: true);
        if (refusal is not null) return refusal;
        if (AssociationTypes.Parse(from!, to!, associationType) is not { } typeId)
            return HubSpotErrors.Validation($"{associationType} is not a valid association type between {from!.Name} and {to!.Name}.");
        var portal = portals.For(http.Caller());
        if (portal.Associate(from!, fromId, to!, toId, typeId) != WriteOutcome.Done) return HubSpotErrors.ObjectNotFound();
        var found = portal.Get(from!, fromId);
        return found is null ? HubSpotErrors.ObjectNotFound() : Results.Json(View(found, from!.DefaultProperties, Associated(portal, found, [to!.Name])));
    }

    private static IResult DissociateV3(string objectType, string objectId, string toObjectType, string toObjectId, string associationType, HttpContext http, TenantStore<HubSpotPortal> portals) =>
        Dissociate(objectType, objectId, toObjectType, toObjectId, http, portals);

    // ---- pipelines and owners ----

    private static IResult Pipelines(string objectType, HttpContext http)
    {
        if (PipelineRefusal(http, objectType) is { } refusal) return refusal;
        return Results.Json(new { results = new[] { PipelineView() } });
    }

    private static IResult Pipeline(string objectType, string pipelineId, HttpContext http)
    {
        if (PipelineRefusal(http, objectType) is { } refusal) return refusal;
        return pipelineId == DealPipeline.Id ? Results.Json(PipelineView()) : HubSpotErrors.Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", $"Unable to find pipeline {pipelineId}");
    }

    private static IResult? PipelineRefusal(HttpContext http, string objectType)
    {
        if (CrmType.Find(objectType) != CrmType.Deals) return HubSpotErrors.Validation($"Pipelines are not supported for object type {objectType}; this simulator has deal pipelines.");
        return HasScope(http.Caller(), CrmType.Deals.ReadScope) ? null : HubSpotErrors.MissingScopes(CrmType.Deals.ReadScope);
    }

    private static object PipelineView()
    {
        var at = HubSpotPortal.Iso(DealPipeline.CreatedAt);
        return new
        {
            id = DealPipeline.Id,
            label = DealPipeline.Label,
            displayOrder = 0,
            stages = DealPipeline.Stages.Select(stage => new
            {
                id = stage.Id,
                label = stage.Label,
                displayOrder = stage.DisplayOrder,
                metadata = new { isClosed = stage.IsClosed ? "true" : "false", probability = stage.Probability },
                createdAt = at,
                updatedAt = at,
                archived = false,
            }),
            createdAt = at,
            updatedAt = at,
            archived = false,
        };
    }

    private const string OwnersScope = "crm.objects.owners.read";

    private static IResult Owners(HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var caller = http.Caller();
        if (!HasScope(caller, OwnersScope)) return HubSpotErrors.MissingScopes(OwnersScope);
        var query = http.Request.Query;
        var limit = int.TryParse(Single(query["limit"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 500) : 100;
        var after = int.TryParse(Single(query["after"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? Math.Max(a, 0) : 0;
        var email = Single(query["email"]);
        var owners = portals.For(caller).Owners.Where(o => email is null || o.Email.Equals(email, StringComparison.OrdinalIgnoreCase)).ToList();
        var next = after + limit;
        return Results.Json(new
        {
            results = owners.Skip(after).Take(limit).Select(OwnerView),
            paging = next < owners.Count ? new { next = new { after = next.ToString(CultureInfo.InvariantCulture), link = NextLink(http.Request, next.ToString(CultureInfo.InvariantCulture)) } } : null,
        });
    }

    private static IResult OwnerById(string ownerId, HttpContext http, TenantStore<HubSpotPortal> portals)
    {
        var caller = http.Caller();
        if (!HasScope(caller, OwnersScope)) return HubSpotErrors.MissingScopes(OwnersScope);
        var owner = portals.For(caller).Owners.FirstOrDefault(o => o.Id == ownerId);
        return owner is null ? HubSpotErrors.Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", $"Owner {ownerId} not found") : Results.Json(OwnerView(owner));
    }

    private static object OwnerView(Owner owner) => new
    {
        id = owner.Id,
        email = owner.Email,
        type = "PERSON",
        firstName = owner.FirstName,
        lastName = owner.LastName,
        userId = owner.UserId,
        userIdIncludingInactive = owner.UserId,
        createdAt = HubSpotPortal.Iso(owner.CreatedAt),
        updatedAt = HubSpotPortal.Iso(owner.CreatedAt),
        archived = false,
    };

    // ---- shared pieces ----

    /// <summary>The association type of a v4 answer; <c>label</c> is written even when null, as HubSpot does.</summary>
    private sealed record AssociationTypeView(string Category, int TypeId, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Label);

    /// <summary><c>SimplePublicObject</c> (with <c>associations</c> when asked for).</summary>
    private sealed record ObjectView(string Id, SortedDictionary<string, string?> Properties, string CreatedAt, string UpdatedAt, bool Archived, string? ArchivedAt,
        Dictionary<string, AssociatedView>? Associations);

    private sealed record AssociatedView(IReadOnlyList<AssociatedObjectView> Results);

    private sealed record AssociatedObjectView(string Id, string Type);

    /// <summary>
    /// The object with the properties asked for (each known one, null when unset) and the ones HubSpot always
    /// returns; with <paramref name="properties"/> null, every property it has (a create's or update's answer).
    /// </summary>
    private static ObjectView View(CrmSnapshot o, IReadOnlyList<string>? properties, Dictionary<string, AssociatedView>? associations = null)
    {
        var shown = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        if (properties is null)
            foreach (var (name, value) in o.Properties) shown[name] = value;
        else
        {
            foreach (var name in properties.Where(o.Type.Knows)) shown[name] = o[name];
            foreach (var name in o.Type.SystemProperties) shown[name] = o[name];
        }
        return new ObjectView(o.Id.ToString(CultureInfo.InvariantCulture), shown, HubSpotPortal.Iso(o.CreatedAt), HubSpotPortal.Iso(o.UpdatedAt), o.Archived,
            o.ArchivedAt is { } at ? HubSpotPortal.Iso(at) : null, associations);
    }

    private static Dictionary<string, AssociatedView>? Associated(HubSpotPortal portal, CrmSnapshot o, IReadOnlyList<string>? types)
    {
        if (types is null) return null;
        var views = new Dictionary<string, AssociatedView>(StringComparer.Ordinal);
        foreach (var to in types.Select(CrmType.Find).OfType<CrmType>().Distinct())
            if (portal.Associations(o.Type, o.Id, to) is { Count: > 0 } links)
                views[to.Name] = new AssociatedView([.. links.SelectMany(link => link.TypeIds.Select(id =>
                    new AssociatedObjectView(link.ToId.ToString(CultureInfo.InvariantCulture), AssociationTypes.Name(o.Type, to, id))))]);
        return views.Count > 0 ? views : null;
    }

    private static (CrmType? Type, IResult? Refusal) Resolve(HttpContext http, string objectType, bool write)
    {
        if (CrmType.Find(objectType) is not { } type) return (null, UnknownType(objectType));
        var scope = write ? type.WriteScope : type.ReadScope;
        return HasScope(http.Caller(), scope) ? (type, null) : (null, HubSpotErrors.MissingScopes(scope));
    }

    private static (CrmType? From, CrmType? To, long FromId, long ToId, IResult? Refusal) ResolvePair(HttpContext http, string objectType, string objectId, string toObjectType, string toObjectId, bool write)
    {
        var (from, refusal) = Resolve(http, objectType, write);
        if (from is null) return (null, null, 0, 0, refusal);
        if (CrmType.Find(toObjectType) is not { } to) return (null, null, 0, 0, UnknownType(toObjectType));
        return long.TryParse(objectId, NumberStyles.None, CultureInfo.InvariantCulture, out var fromId) && long.TryParse(toObjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var toId)
            ? (from, to, fromId, toId, null)
            : (null, null, 0, 0, HubSpotErrors.ObjectNotFound());
    }

    /// <summary>A granular scope, or the legacy <c>contacts</c> scope that covered contacts, companies and deals.</summary>
    private static bool HasScope(ApiCaller caller, string scope) =>
        caller.HasScope(scope) || (scope.StartsWith("crm.objects.", StringComparison.Ordinal) && scope != OwnersScope && caller.HasScope("contacts"));

    private static IResult UnknownType(string objectType) => HubSpotErrors.Validation($"Unable to infer object type from: {objectType}");

    private static IResult Conflict(long existingId) =>
        HubSpotErrors.Error(StatusCodes.Status409Conflict, "CONFLICT", $"Contact already exists. Existing ID: {existingId}");

    /// <summary>The object an id names: numeric by default, or by a unique property (<c>idProperty=email</c> for contacts).</summary>
    private static (CrmSnapshot? Found, IResult? Bad) Find(HubSpotPortal portal, CrmType type, string objectId, string? idProperty, bool archived)
    {
        if (idProperty is null or "hs_object_id")
            return (long.TryParse(objectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? portal.Get(type, id, archived) : null, null);
        if (type == CrmType.Contacts && idProperty == "email") return (archived ? null : portal.FindBy(type, "email", objectId), null);
        return type.Knows(idProperty)
            ? (null, HubSpotErrors.Validation($"{idProperty} is not a unique identifier property of {type.Name}."))
            : (null, PropertiesInvalid([new PropertyProblem(idProperty, "PROPERTY_DOESNT_EXIST", $"Property \"{idProperty}\" does not exist")]));
    }

    private sealed record PropertyProblem(string Name, string Code, string Message);

    // The legacy list is JSON inside a string, with quotes escaped as \" the way HubSpot's are, not as \u0022.
    private static readonly JsonSerializerOptions LegacyJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>HubSpot's answer to bad property values: the legacy list in <c>message</c>, the same in <c>errors</c>.</summary>
    private static IResult PropertiesInvalid(IReadOnlyList<PropertyProblem> problems)
    {
        var legacy = JsonSerializer.Serialize(problems.Select(p => new Dictionary<string, object>
        {
            ["isValid"] = false,
            ["message"] = p.Message,
            ["error"] = p.Code,
            ["name"] = p.Name,
            ["localizedErrorMessage"] = p.Message,
        }), LegacyJson);
        return HubSpotErrors.Validation($"Property values were not valid: {legacy}",
            [.. problems.Select(p => new HubSpotErrorDetail(p.Message, p.Code, Context: new Dictionary<string, IReadOnlyList<string>> { ["propertyName"] = [p.Name] }))]);
    }

    /// <summary>The body's properties as strings (numbers and booleans by their text), checked against what the type knows.</summary>
    private static (Dictionary<string, string>? Properties, IResult? Bad) ReadProperties(CrmType type, JsonElement json, bool creating)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<PropertyProblem>();
        if (json.ValueKind == JsonValueKind.Object)
            foreach (var property in json.EnumerateObject())
            {
                var name = property.Name;
                var value = HubSpotSearch.Scalar(property.Value) ?? "";
                if (!type.Writable.Contains(name))
                {
                    problems.Add(type.Knows(name)
                        ? new PropertyProblem(name, "READ_ONLY_VALUE", $"{name} is a read only property; its value cannot be set.")
                        : new PropertyProblem(name, "PROPERTY_DOESNT_EXIST", $"Property \"{name}\" does not exist"));
                    continue;
                }
                if (name == "email" && value.Length > 0 && !EmailPattern().IsMatch(value))
                    problems.Add(new PropertyProblem(name, "INVALID_EMAIL", $"Email address {value} is invalid"));
                if (CrmType.IsDate(name) && value.Length > 0)
                {
                    if (HubSpotSearch.Instant(value) is { } at) value = HubSpotPortal.Iso(at);
                    else problems.Add(new PropertyProblem(name, "INVALID_DATE", $"{value} is not a valid date for {name}"));
                }
                properties[name] = value;
            }
        else if (json.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
            return (null, HubSpotErrors.Validation("properties must be an object of property names and values."));

        if (type == CrmType.Deals)
        {
            if (creating && !properties.ContainsKey("pipeline")) properties["pipeline"] = DealPipeline.Id;
            if (properties.TryGetValue("pipeline", out var pipeline) && pipeline != DealPipeline.Id)
                problems.Add(new PropertyProblem("pipeline", "INVALID_OPTION", $"{pipeline} was not one of the allowed options: [{DealPipeline.Id}]"));
            if (properties.TryGetValue("dealstage", out var stage) && DealPipeline.Stages.All(s => s.Id != stage))
                problems.Add(new PropertyProblem("dealstage", "INVALID_OPTION",
                    $"{stage} was not one of the allowed options: [{string.Join(", ", DealPipeline.Stages.Select(s => s.Id))}]"));
        }
        return problems.Count > 0 ? (null, PropertiesInvalid(problems)) : (properties, null);
    }

    /// <summary>A create's <c>associations: [{to:{id}, types:[{associationCategory, associationTypeId}]}]</c>.</summary>
    private static (List<AssociationLink>? Links, IResult? Bad) ReadAssociations(CrmType type, JsonElement body)
    {
        var links = new List<AssociationLink>();
        if (!body.TryGetProperty("associations", out var json) || json.ValueKind != JsonValueKind.Array) return (links, null);
        foreach (var association in json.EnumerateArray())
        {
            if (association.ValueKind != JsonValueKind.Object || !association.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Object
                || !to.TryGetProperty("id", out var idJson) || !long.TryParse(HubSpotSearch.Scalar(idJson), NumberStyles.None, CultureInfo.InvariantCulture, out var toId)
                || !association.TryGetProperty("types", out var types) || types.ValueKind != JsonValueKind.Array)
                return (null, HubSpotErrors.Validation($"Invalid association: {association.GetRawText()}"));
            foreach (var spec in types.EnumerateArray())
            {
                if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty("associationTypeId", out var t) || !t.TryGetInt32(out var typeId)
                    || AssociationTypes.Target(type, typeId) is not { } target)
                    return (null, HubSpotErrors.Validation($"Invalid association type for {type.Name}: {spec.GetRawText()}"));
                links.Add(new AssociationLink(target, toId, typeId));
            }
        }
        return (links, null);
    }

    /// <summary>The JSON body, or HubSpot's answer to one that is not JSON.</summary>
    private static async Task<(JsonElement Body, IResult? Invalid)> ReadJsonAsync(HttpRequest request, bool requireObject = false)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return requireObject && document.RootElement.ValueKind != JsonValueKind.Object
                ? (default, HubSpotErrors.Validation("Invalid input JSON on line 1, column 1: the body must be an object."))
                : (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var detail = e.LineNumber is null ? "No content to map due to end-of-input" : e.Message.Split(" Path:")[0];
            return (default, HubSpotErrors.Validation($"Invalid input JSON on line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {detail}"));
        }
    }

    private static string? Single(StringValues values) => values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool IsTrue(StringValues values) => "true".Equals(Single(values), StringComparison.OrdinalIgnoreCase);

    /// <summary>A list parameter: repeated (<c>properties=a&amp;properties=b</c>) or comma-separated, or both.</summary>
    private static List<string>? Names(StringValues values)
    {
        var names = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        return names.Count > 0 ? names : null;
    }

    /// <summary>The same request with <c>after</c> moved on: <c>paging.next.link</c>.</summary>
    private static string NextLink(HttpRequest request, string after)
    {
        var query = request.Query.Where(p => p.Key != "after").SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create("after", (string?)after));
        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
