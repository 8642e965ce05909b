using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Modular.Runs.RunLog;
using Modular.Testing;
using Npgsql;

namespace Modular.Tests.Runs;

/// <summary>A sweep spans every workspace of its database, so it runs on a host of its own.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Only_the_newest_runs_of_each_action_are_kept_with_their_logs_and_documents()
    {
        await using var host = await PlatformHost.StartAsync();
        var runs = new RunsClient(host.Client);
        var action = await runs.ActiveActionAsync("documents.create('a.txt', 'x', 'text/plain');");
        var runIds = new List<Guid>();
        for (var i = 0; i < 3; i++) runIds.Add((await runs.WaitForEndAsync(await runs.StartRunAsync(action))).GetProperty("id").GetGuid());
        var oldestDocument = (await runs.GetAsync(runIds[0])).GetProperty("documents")[0].GetProperty("id").GetGuid();

        var retention = new RunRetention(
            host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<NpgsqlDataSource>(),
            Options.Create(new RetentionOptions { Days = 0, MaxRunsPerAction = 2 }), TimeProvider.System, NullLogger<RunRetention>.Instance);
        (await retention.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(1);

        await (await host.Client.GetAsync($"/api/runs/{runIds[0]}", TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await host.Client.GetAsync($"/api/runs/{runIds[0]}/documents/{oldestDocument}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await runs.GetAsync(runIds[1])).GetProperty("status").GetString().ShouldBe("succeeded");
        (await runs.GetAsync(runIds[2])).GetProperty("status").GetString().ShouldBe("succeeded");
        (await retention.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }
}
