using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Modular.BuildingBlocks.Persistence;

/// <summary>ASP.NET Core Data Protection keys, kept in PostgreSQL so that every node can read what another encrypted.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

public sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        // IXmlRepository is synchronous; a key is written once in a long while.
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

public static class DataProtectionKeysExtensions
{
    public static IServiceCollection PersistDataProtectionKeysInMarten(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<DataProtectionKey>().DatabaseSchemaName("platform").SingleTenanted());
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new MartenXmlRepository(provider.GetRequiredService<IDocumentStore>())));
        return services;
    }
}
