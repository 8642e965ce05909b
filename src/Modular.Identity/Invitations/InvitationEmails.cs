using MailKit.Net.Smtp;
using MailKit.Security;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Workspaces;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Modular.Identity.Invitations;

/// <summary>
/// The SMTP server invitations are emailed through (<c>Identity:Smtp</c>). Without a host, nothing is
/// emailed and the inviter copies the link.
/// </summary>
public sealed class SmtpSettings
{
    public const string Section = "Identity:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>auto (STARTTLS when the server offers it), starttls (required), tls (TLS from the start, port 465) or none.</summary>
    public string Security { get; set; } = "auto";

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, such as "Modular &lt;modular@example.com&gt;".</summary>
    public string? From { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    internal SecureSocketOptions SocketOptions => Security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>What is wrong with a configured server, or null; the host refuses to start with it.</summary>
    internal string? Problem()
    {
        if (!IsConfigured) return null;
        if (Port is < 1 or > 65535) return $"{Section}:Port must be a port number (it is {Port}).";
        if (Security.ToLowerInvariant() is not ("auto" or "starttls" or "tls" or "none"))
            return $"{Section}:Security must be auto, starttls, tls or none (it is '{Security}').";
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
            return $"{Section}:From must be the sender's address, such as \"Modular <modular@example.com>\", when {Section}:Host is set.";
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
            return $"{Section}:UserName and {Section}:Password are set together, or neither.";
        return null;
    }
}

/// <summary>
/// Emails an invitation's link. Published with the invitation, through the outbox: the link is
/// protected with the platform's key ring, so the message table holds no link that works.
/// </summary>
public sealed record EmailInvitation(Guid InvitationId, string ProtectedLink)
{
    public const string ProtectorPurpose = "Modular.Identity.InvitationLink";
}

public static class EmailInvitationHandler
{
    /// <summary>A mail server away is tried again for about half an hour; the link can be copied meanwhile.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(25));

    public static async Task Handle(
        EmailInvitation message, IQuerySession session, IDataProtectionProvider protection, IOptions<SmtpSettings> options,
        TimeProvider clock, ILogger<EmailInvitation> logger, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var invitation = await session.LoadAsync<Invitation>(message.InvitationId, cancellationToken);
        // Cancelled, accepted or expired before the mail went out (or SMTP since removed): nothing to send.
        if (!smtp.IsConfigured || invitation is null || !invitation.IsOpenAt(clock.GetUtcNow())) return;
        var workspace = await session.LoadAsync<Workspace>(invitation.WorkspaceId, cancellationToken);
        if (workspace is null || workspace.DeletedAt is not null) return;
        if (!MailboxAddress.TryParse(invitation.Email, out var to))
        {
            logger.LogWarning("Invitation {Invitation} is not emailed: its address cannot be written in a mail header", invitation.Id);
            return;
        }
        var link = protection.CreateProtector(EmailInvitation.ProtectorPurpose).Unprotect(message.ProtectedLink);

        var mail = new MimeMessage { Subject = $"{invitation.InvitedBy} invited you to {OneLine(workspace.Name)} on Modular" };
        mail.From.Add(MailboxAddress.Parse(smtp.From!));
        mail.To.Add(to);
        mail.Body = new TextPart("plain")
        {
            Text = $"""
                {invitation.InvitedBy} invited you to the workspace "{workspace.Name}" on Modular as {invitation.Role.Describe()}.

                Open this link to join (it works once, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC):
                {link}

                If you did not expect this invitation, ignore this email.
                """,
        };

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password!, cancellationToken);
        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Emailed invitation {Invitation} to {Email}", invitation.Id, invitation.Email);
    }

    private static string OneLine(string text) => string.Concat(text.Where(c => !char.IsControl(c)));
}
