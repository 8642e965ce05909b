# Documented behaviour that no issue has delivered yet. Each scenario is skipped (@ignore) and
# reported as such, so the test summary shows what the product documents ask for that is missing.
Feature: Documented flows not built yet

  @ignore
  Scenario: Create an action by describing it in the chat (000 "Creating Actions")
    Given I open an agent and click "New Action"
    When I describe what the action should do: "Generate a weekly sales report from HubSpot"
    Then code is created based on my description, with a description (SOP) beside it

  @ignore
  Scenario: Update an action through the chat's seven steps (000 "Updating Actions via Chat")
    Given an action's edit page
    When I type "Add error handling" in the chat input
    Then I see each step: understand the request and make a plan, read documentation of systems I use, re-evaluate the plan, implement it, double check it, update the SOP, reply

  @ignore
  Scenario: Reset the chat (000 "Resetting Chat")
    Given an action with a chat history
    When I click the menu button (three dots) in the action header and select "Reset Chat"
    Then the chat history is cleared and a new conversation session starts

  @ignore
  Scenario: A behaviour runs with the AI filling fields (003 "fill_with_ai")
    Given a behaviour whose update_card action has a field with inputMode "fill_with_ai"
    When the behaviour's trigger event happens
    Then the agent calls the action and the AI fills that field from the instruction
