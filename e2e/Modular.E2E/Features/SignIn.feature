Feature: Sign in, members and roles
  Everyone signs in to the console with an email and a password. On a fresh host, the first person
  creates the owner account with the one-time setup code the host printed when it started. The owner
  (or an admin) invites others by email with a role: a viewer reads everything and changes nothing;
  an editor also creates, edits, publishes and runs actions and agents; an admin also manages members
  and invitations; an owner everything. The invitation link is shown once, to copy and send. Admins
  also give integrations OAuth clients, whose secret is shown once too.
  A host may also offer single sign-on with an OpenID Connect provider: someone the provider signs in
  with a verified email gets an account here, and joins no workspace until an admin invites them.

  Scenario: Create the owner account with the setup code the host printed
    Given a fresh host with no account yet
    When I open the console of the fresh host
    Then I see the page "Create the owner account"
    And axe finds no serious or critical accessibility problem on it
    When I enter the setup code the host printed, the email "owner@fresh.example" and a password
    And I click "Create the owner account"
    Then I am signed in as "owner@fresh.example"
    And the same setup code is refused when it is used again

  Scenario: Sign in and sign out
    Given I am not signed in
    When I open the console
    Then I am on the sign-in page
    And axe finds no serious or critical accessibility problem on it
    When I sign in as the owner with a wrong password
    Then an alert says "The email or password is wrong."
    And axe finds no serious or critical accessibility problem on it
    When I sign in as the owner
    Then I am signed in as the owner
    When I sign out
    Then I am on the sign-in page

  Scenario: Sign in with single sign-on
    Given a host with single sign-on through "Test provider"
    And the provider signs in someone new with a verified email
    And I am not signed in
    When I open the sign-in page of that host
    And I click the link "Sign in with Test provider"
    Then I am in the console of that host, signed in as the new person
    And I see the page "You are not in a workspace yet"
    And I am asked to get invited by a workspace admin

  Scenario: Single sign-on refuses an email the provider has not verified
    Given a host with single sign-on through "Test provider"
    And the provider signs in someone new whose email it has not verified
    And I am not signed in
    When I open the sign-in page of that host
    And I click the link "Sign in with Test provider"
    Then I am on the sign-in page
    And an alert says "no verified email"

  Scenario: Invite a member who joins through the invitation link
    Given I open the admin console
    When I go to the Members page
    And I invite a new member as "Viewer"
    Then the invitation link is shown once, with the date it expires
    When the new member opens the link in another browser, chooses a password and joins
    Then the new member is in the console, signed in as themselves
    And the Members page lists the new member as "Viewer"

  Scenario: An admin reads who did what in the audit log
    Given I open the admin console
    When I go to the Members page
    And I invite a new member as "Viewer"
    Then the invitation link is shown once, with the date it expires
    When I go to the Audit page
    And I filter the audit log by What "member invited"
    Then the audit log shows that the owner invited the new member

  Scenario: An admin gives an integration an OAuth client, and deleting it stops its tokens
    Given I open the admin console
    When I go to the API keys page
    And I create an OAuth client "Nightly export" with the role "Editor"
    Then the client secret is shown once, with the client id, the token URL and a curl command using them
    And the OAuth clients list shows the client with the role "Editor"
    And the integration exchanges the client id and secret for a token that acts as an editor
    When I delete the OAuth client
    Then the integration's token no longer works

  Scenario: A viewer cannot change an action
    Given an active action "Weekly figures" in the workspace
    And I am signed in as a viewer of the workspace
    When I open the action
    Then I am told "You are a viewer in this workspace: you can read everything but change nothing."
    And the buttons that change the action are disabled
