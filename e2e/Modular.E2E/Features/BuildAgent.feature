Feature: Build an agent
  From "How to add an action to an agent": "Go to the Agents page, select any agent (or create a new
  one) and go to Build My Agent. Click Add action. The Action Library will open in a pop-up. Select a
  template and follow the same steps to create the action." From "Actions" (000): "If the action is
  currently being used by any agent (in test or published mode), you cannot delete it." and "You can
  also activate or pause the entire agent from the agent page." From "AI Behavior Actions" (003): the
  instruction must reference every action of a behaviour as %{action:REFERENCE_ID}.

  Background:
    Given I open the admin console

  Scenario: Create an action for an agent from Build My Agent, publish the agent and pause it
    When I go to the Agents page, create a new agent "Order agent" and go to Build My Agent
    And I click "Add action"
    Then the Action Library will open in a pop-up
    When I select the template "Send data to a webhook" in the pop-up
    Then I see the page "Define the action"
    And the page says the action is being added to the agent
    When I fill in the required details: Name "Notify the order service", Intent "Send every new order to the order service"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And the page says the action is being added to the agent
    When I fill in "URL" with "https://example.com/hook"
    And I fill in "Payload template" with "{"order": "{{ input.id }}"}"
    And I click "Save action" to publish it
    Then I am back on the agent page
    And the action is listed under Build My Agent
    When I click "Publish"
    Then the agent page says "Published"
    When I choose "Paused" in the State dropdown
    Then after a reload the agent's State is "Paused"
    When I open the action
    And I delete the action and confirm
    Then an alert says the action is used by the agent
    And the action is still listed in My actions

  Scenario: A behaviour's instruction must reference its actions
    Given an agent "Triage agent"
    When I open the agent page
    And I add a behaviour "Move new cards" on the event "card_created" with the instruction "Move every new card to triage."
    And I give the behaviour a "move_card" action "Move to triage" with the pipe "pipe-1" and the destination phase "phase-2"
    Then the instruction shows the unresolved reference hint for "Move to triage"
    When I click "Save behaviours"
    Then the behaviour's instruction shows the error "must reference"
    When I insert the reference to "Move to triage" into the instruction
    Then the instruction shows no unresolved reference
    When I click "Save behaviours"
    Then the agent page says "Behaviours saved."
    And after a reload the behaviour "Move new cards" is listed with the reference to "Move to triage"
