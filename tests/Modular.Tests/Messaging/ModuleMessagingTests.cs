using JasperFx;
using Microsoft.Extensions.DependencyInjection;
using Modular.Identity.Contracts;
using Modular.Identity.Features.Workspaces;
using Modular.Library.Contracts;
using Wolverine;
using Wolverine.Tracking;

namespace Modular.Tests.Messaging;

public sealed class ModuleMessagingTests(PlatformFixture platform)
{
    [Fact]
    public async Task Another_module_asks_the_library_and_gets_its_reply()
    {
        var bus = platform.Host.Services.GetRequiredService<IMessageBus>();

        var found = await bus.InvokeAsync<TemplateDescription>(new DescribeTemplate("rest.call-api"), TestContext.Current.CancellationToken);
        var missing = await bus.InvokeAsync<TemplateDescription>(new DescribeTemplate("rest.gone"), TestContext.Current.CancellationToken);

        found.ShouldBe(new TemplateDescription("rest.call-api", true, "Call a REST API", "API", "rest", "1.0.0", false));
        missing.Found.ShouldBeFalse();
    }

    [Fact]
    public async Task An_event_published_in_a_committed_transaction_is_delivered()
    {
        var id = "commit-" + Guid.NewGuid().ToString("N")[..8];

        var tracked = await platform.Host.App.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .InvokeMessageAndWaitAsync(new CreateWorkspace(id, "Committed", Guid.NewGuid(), "probe@tests.example"));

        // Other tests create workspaces at the same time, so only this id counts.
        tracked.Executed.MessagesOf<WorkspaceCreated>().Where(e => e.WorkspaceId == id).ShouldHaveSingleItem();
        WorkspaceCreatedProbe.Received.ShouldContain(e => e.WorkspaceId == id);
    }

    [Fact]
    public async Task An_event_published_in_a_rolled_back_transaction_is_never_delivered()
    {
        var id = "rollback-" + Guid.NewGuid().ToString("N")[..8];
        await platform.Host.App.TrackActivity().InvokeMessageAndWaitAsync(new CreateWorkspace(id, "First", Guid.NewGuid(), "probe@tests.example"));

        // The second insert of the same id fails when the transaction commits, after the handler
        // already returned its WorkspaceCreated: the event must go down with the transaction.
        var tracked = await platform.Host.App.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(context =>
                Should.ThrowAsync<DocumentAlreadyExistsException>(() => context.InvokeAsync(new CreateWorkspace(id, "Second", Guid.NewGuid(), "probe@tests.example")))));

        tracked.Sent.MessagesOf<WorkspaceCreated>().Where(e => e.WorkspaceId == id).ShouldBeEmpty();
        tracked.Executed.MessagesOf<WorkspaceCreated>().Where(e => e.WorkspaceId == id).ShouldBeEmpty();
        WorkspaceCreatedProbe.Received.Where(e => e.WorkspaceId == id).Select(e => e.Name).ShouldBe(["First"]);
    }
}
