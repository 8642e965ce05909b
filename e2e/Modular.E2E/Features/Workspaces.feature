Feature: Workspaces
  Everything in the console happens in a workspace: its actions, agents, runs, accounts, members and
  keys belong to it alone, and the switcher in the sidebar says which one the console works in.
  Anyone signed in with a password can create another workspace and becomes its owner; the console
  then works in it. An owner can delete a workspace with everything in it, for good, after typing its
  name to confirm; the console then works in another of their workspaces. Only owners can delete one.

  Scenario: An owner creates a workspace and deletes it
    Given I open the admin console
    When I go to the Workspace page
    And I create the workspace "Short-lived"
    Then the console works in the workspace "Short-lived", where I am "Owner"
    When I delete the workspace "Short-lived", typing its name to confirm
    Then the workspace "Short-lived" is no longer in the workspace switcher
    And the console works in my first workspace again

  Scenario: A workspace id is made of lowercase letters, digits and dashes
    Given I open the admin console
    When I go to the Workspace page
    And I create the workspace "Badly named" with the id "Not Valid!"
    Then the workspace is not created, and the field "Id" says "lowercase letters, digits and dashes"
    And the workspace "Badly named" is not in the workspace switcher

  Scenario: Only an owner can delete a workspace
    Given a workspace "Team space" where I am an admin
    When I go to the Workspace page
    Then the console works in the workspace "Team space", where I am "Admin"
    And the button "Delete this workspace" is disabled with "Only an owner can delete the workspace."
    And the host refuses to delete the workspace "Team space" for me, as I am not its owner
