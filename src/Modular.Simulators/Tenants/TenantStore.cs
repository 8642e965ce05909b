using System.Collections.Concurrent;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Tenants;

/// <summary>
/// One state per tenant (a HubSpot portal, a Google user, …), made from the vendor's demo data the first time the
/// tenant is touched. Two tenants never share state; a tenant's state guards itself against concurrent requests.
/// </summary>
internal sealed class TenantStore<TTenant>(Func<DemoIdentity, TTenant> seed) where TTenant : class
{
    // Lazy: two first requests racing for one tenant seed it once.
    private readonly ConcurrentDictionary<string, Lazy<TTenant>> _tenants = new(StringComparer.Ordinal);

    public TTenant For(DemoIdentity identity) =>
        _tenants.GetOrAdd(identity.AccountId, _ => new Lazy<TTenant>(() => seed(identity))).Value;

    public TTenant For(ApiCaller caller) => For(caller.Identity);
}
