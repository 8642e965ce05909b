using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Identity.ApiKeys;
using Modular.Identity.Members;
using Modular.Identity.Users;
using Modular.BuildingBlocks.Workspaces;
using Npgsql;

namespace Modular.Identity.FirstStart;

/// <summary>Where a fresh server gets its owner from, without anyone claiming it first.</summary>
public sealed class OwnerSeedOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ApiKey { get; set; }
}

/// <summary>
/// At start: the users tables; then the owner seeded from <c>Identity:Owner</c> (never overwriting
/// an existing user), or, while no user exists, a setup code printed for the "Create the owner
/// account" page. Nodes starting together take turns (an advisory lock), so one creates the tables
/// and the owner, and the other finds them.
/// </summary>
internal sealed class FirstStartService(
    IServiceProvider services,
    IConfiguration configuration,
    NpgsqlDataSource dataSource,
    IDocumentStore store,
    TimeProvider clock,
    ILogger<FirstStartService> logger) : IHostedService
{
    private const long LockKey = 0x6D6F64756C617201; // "modular" + 1

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", connection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await FirstStartAsync(connection, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task FirstStartAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await UsersSchema.EnsureAsync(scope.ServiceProvider.GetRequiredService<UsersDbContext>(), connection, cancellationToken);

        var seed = configuration.GetSection("Identity:Owner").Get<OwnerSeedOptions>() ?? new OwnerSeedOptions();
        var owners = scope.ServiceProvider.GetRequiredService<Owners>();
        if (!string.IsNullOrWhiteSpace(seed.Email)) await SeedAsync(seed, owners, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), cancellationToken);
        if (await owners.AnyUserAsync(cancellationToken)) return;

        var code = SetupCode.NewCode();
        await using (var session = store.LightweightSession())
        {
            session.Store(new SetupCode("node-" + Guid.NewGuid().ToString("N"), SetupCode.HashOf(code), clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }
        logger.LogWarning("No owner account exists yet. Open the console and create it with this one-time setup code: {SetupCode}", code);
    }

    private async Task SeedAsync(OwnerSeedOptions seed, Owners owners, UserManager<User> users, CancellationToken cancellationToken)
    {
        if (seed.ApiKey is { Length: > 0 and < ApiKey.MinimumSeededLength })
            throw new InvalidOperationException($"Identity:Owner:ApiKey must be {ApiKey.MinimumSeededLength} characters or more.");

        var email = seed.Email!.Trim();
        var owner = await users.FindByEmailAsync(email);
        if (owner is null)
        {
            if (await owners.AnyUserAsync(cancellationToken))
            {
                logger.LogWarning("Identity:Owner is set, but users exist already and none has the email {Email}: nothing was seeded.", email);
                return;
            }
            if (string.IsNullOrEmpty(seed.Password))
                throw new InvalidOperationException("Identity:Owner:Password must be set with Identity:Owner:Email.");
            var (created, result) = await owners.CreateAsync(email, seed.Password, "Main", cancellationToken);
            if (created is null)
                throw new InvalidOperationException("The owner from Identity:Owner cannot be created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            owner = created;
            logger.LogInformation("Created the owner {Email} from configuration", email);
        }
        else
        {
            await owners.EnsureWorkspaceAsync(owner, "Main", cancellationToken);
        }

        if (string.IsNullOrEmpty(seed.ApiKey)) return;
        await using var session = store.LightweightSession();
        var hash = ApiKey.HashOf(seed.ApiKey);
        if (await session.Query<ApiKey>().AnyAsync(k => k.Hash == hash, cancellationToken)) return;
        var membership = await session.Query<Membership>().Where(m => m.UserId == owner.Id).OrderBy(m => m.JoinedAt).FirstAsync(cancellationToken);
        session.Store(new ApiKey(Guid.CreateVersion7(), hash, ApiKey.PrefixOf(seed.ApiKey), "Seeded from configuration", membership.WorkspaceId,
            owner.Id, owner.Email!, WorkspaceRole.Owner, clock.GetUtcNow(), ExpiresAt: null, RevokedAt: null));
        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
