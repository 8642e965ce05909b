Feature: Open the action library
  From "How to create an action" (004): "Go to the Action Library. Browse templates using: All,
  Recent, By type. Click on a template to start the creation flow." Icons are SVG pictures from each
  connector's plugin (the console issue, #15: an emoji renders as an empty box without an emoji font).

  Background:
    Given I open the admin console

  Scenario: Browse all templates
    When I go to the Action Library
    Then the templates include "Call a REST API", "Weekly sales report from HubSpot deals" and "Post a message to a channel"
    And every template shows its connector's icon as a picture

  Scenario: Browse templates by type
    When I go to the Action Library
    And I browse the templates of the type "API"
    Then I see 3 templates
    And each template shows its connector and whether it needs an account

  Scenario: Search the library
    When I go to the Action Library
    And I search the library for "send webhook"
    Then I see the templates "Send data to a webhook"
