Feature: Open the action library
  From "How to create an action" (004): "Go to the Action Library. Browse templates using: All,
  Recent, By type. Click on a template to start the creation flow."

  Background:
    Given I open the admin console

  Scenario: Browse all templates
    When I go to the Action Library
    Then I see the templates "Call a REST API", "Fetch JSON into a document", "Send data to a webhook", "Send a WhatsApp template message", "Append a row", "Read a sheet into a document", "Create a card from a webhook" and "Move a card to a phase"

  Scenario: Browse templates by type
    When I go to the Action Library
    And I browse the templates of the type "API"
    Then I see 3 templates
    And each template shows its connector and whether it needs an account

  Scenario: Search the library
    When I go to the Action Library
    And I search the library for "webhook"
    Then I see the templates "Send data to a webhook" and "Create a card from a webhook"
