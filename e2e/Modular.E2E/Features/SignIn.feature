Feature: Sign in, members and roles
  Everyone signs in to the console with an email and a password. On a fresh host, the first person
  creates the owner account with the one-time setup code the host printed when it started. The owner
  (or an admin) invites others by email with a role: a viewer reads everything and changes nothing;
  an editor also creates, edits, publishes and runs actions and agents; an admin also manages members
  and invitations; an owner everything. The invitation link is shown once, to copy and send.

  Scenario: Create the owner account with the setup code the host printed
    Given a fresh host with no account yet
    When I open the console of the fresh host
    Then I see the page "Create the owner account"
    When I enter the setup code the host printed, the email "owner@fresh.example" and a password
    And I click "Create the owner account"
    Then I am signed in as "owner@fresh.example"
    And the same setup code is refused when it is used again

  Scenario: Sign in and sign out
    Given I am not signed in
    When I open the console
    Then I am on the sign-in page
    When I sign in as the owner with a wrong password
    Then an alert says "The email or password is wrong."
    When I sign in as the owner
    Then I am signed in as the owner
    When I sign out
    Then I am on the sign-in page

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

  Scenario: A viewer cannot change an action
    Given an active action "Weekly figures" in the workspace
    And I am signed in as a viewer of the workspace
    When I open the action
    Then I am told "You are a viewer in this workspace: you can read everything but change nothing."
    And the buttons that change the action are disabled
