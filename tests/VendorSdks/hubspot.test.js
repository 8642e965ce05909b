// HubSpot's official Node SDK (@hubspot/api-client) against the simulator, pointed at it by basePath alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@hubspot/api-client';
import { useSimulator } from './simulator.js';

const sim = useSimulator();
const accessToken = 'demo-hubspot-token'; // the simulator's static token: portal 1001 (Acme), every scope
const hubspot = (options = {}) => new Client({ accessToken, basePath: `${sim.base}/hubspot/api`, ...options });
const email = `sdk.${process.pid}@example.com`;
let contactId;

/** Asserts that `promise` fails with the SDK's ApiException of this HTTP status; returns the error. */
async function apiError(promise, code) {
  let caught;
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `HTTP ${error.code}: ${error.message}`);
    caught = error;
    return true;
  });
  return caught;
}

test('contacts: create, getById, then search with a filter finds it', async () => {
  const client = hubspot();
  const created = await client.crm.contacts.basicApi.create({
    properties: { email, firstname: 'Sdk', lastname: 'Tester', company: 'Acme' },
  });
  assert.match(created.id, /^\d+$/);
  assert.equal(created.properties.email, email);
  assert.ok(created.createdAt instanceof Date && !Number.isNaN(created.createdAt.getTime()), 'createdAt is a date');
  assert.equal(created.archived, false);
  contactId = created.id;

  const read = await client.crm.contacts.basicApi.getById(contactId, ['email', 'firstname', 'company']);
  assert.equal(read.id, contactId);
  assert.equal(read.properties.firstname, 'Sdk');
  assert.equal(read.properties.company, 'Acme');

  const byEmail = await client.crm.contacts.basicApi.getById(email, ['firstname'], undefined, undefined, false, 'email');
  assert.equal(byEmail.id, contactId);

  const found = await client.crm.contacts.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    properties: ['email', 'lastname'],
    limit: 10,
  });
  assert.equal(found.total, 1);
  assert.equal(found.results[0].id, contactId);
  assert.equal(found.results[0].properties.lastname, 'Tester');
});

test('contacts: update changes a property', async () => {
  const client = hubspot();
  const updated = await client.crm.contacts.basicApi.update(contactId, { properties: { jobtitle: 'QA', firstname: 'Sdk2' } });
  assert.equal(updated.id, contactId);
  assert.equal(updated.properties.jobtitle, 'QA');
  const read = await client.crm.contacts.basicApi.getById(contactId, ['firstname', 'jobtitle']);
  assert.equal(read.properties.firstname, 'Sdk2');
  assert.equal(read.properties.jobtitle, 'QA');
});

test('contacts: a duplicate email is the SDK\'s ApiException 409 with HubSpot\'s message', async () => {
  const error = await apiError(hubspot().crm.contacts.basicApi.create({ properties: { email } }), 409);
  assert.equal(error.body.category, 'CONFLICT');
  assert.equal(error.body.message, `Contact already exists. Existing ID: ${contactId}`);
});

test('contacts: an unknown id is 404 OBJECT_NOT_FOUND', async () => {
  const error = await apiError(hubspot().crm.contacts.basicApi.getById('1001999999'), 404);
  assert.equal(error.body.category, 'OBJECT_NOT_FOUND');
});

test('contacts: getPage pages with after until there is no paging', async () => {
  const client = hubspot();
  const ids = [];
  let after;
  let pages = 0;
  do {
    const page = await client.crm.contacts.basicApi.getPage(5, after, ['email']);
    pages += 1;
    assert.ok(page.results.length <= 5);
    ids.push(...page.results.map((c) => c.id));
    after = page.paging?.next?.after;
    if (after) assert.ok(page.paging.next.link, 'a next page has its link');
  } while (after);
  assert.equal(pages, 3, '12 demo contacts and the new one, 5 a page');
  assert.equal(ids.length, 13);
  assert.equal(new Set(ids).size, 13);
  assert.ok(ids.includes('1001000001') && ids.includes(contactId));

  const all = await client.crm.contacts.getAll(100);
  assert.deepEqual(all.map((c) => c.id).sort(), [...ids].sort());
});

test('pipelines and owners', async () => {
  const client = hubspot();
  const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
  assert.equal(pipelines.results.length, 1);
  const [pipeline] = pipelines.results;
  assert.equal(pipeline.label, 'Sales Pipeline');
  const stages = pipeline.stages.map((s) => s.id);
  assert.ok(stages.includes('appointmentscheduled') && stages.includes('closedwon') && stages.includes('closedlost'), stages.join());

  const owners = await client.crm.owners.ownersApi.getPage();
  assert.deepEqual(owners.results.map((o) => o.id).sort(), ['100101', '100102']);
  const [first] = owners.results;
  assert.match(first.email, /@acme\.example$/);
  const byEmail = await client.crm.owners.ownersApi.getPage(first.email);
  assert.deepEqual(byEmail.results.map((o) => o.id), [first.id]);
  const byId = await client.crm.owners.ownersApi.getById(Number(first.id));
  assert.equal(byId.email, first.email);
});

test('deals: create in a stage with an association, associate by v4 default, read the associations', async () => {
  const client = hubspot();
  const deal = await client.crm.deals.basicApi.create({
    properties: { dealname: 'SDK deal', amount: '1200', dealstage: 'qualifiedtobuy', pipeline: 'default' },
    associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
  });
  assert.equal(deal.properties.dealstage, 'qualifiedtobuy');
  assert.equal(deal.properties.dealname, 'SDK deal');

  const company = '1001000013';
  const made = await client.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company);
  assert.equal(made.status, 'COMPLETE');
  assert.ok(made.results.length >= 1);
  assert.equal(made.results[0]._from.id, deal.id); // the SDK's name for 'from'
  assert.equal(made.results[0].to.id, company);

  const toContacts = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'contacts');
  assert.deepEqual(toContacts.results.map((r) => String(r.toObjectId)), [contactId]);
  assert.ok(toContacts.results[0].associationTypes.some((t) => t.typeId === 3 && t.category === 'HUBSPOT_DEFINED'));
  const toCompanies = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'companies');
  assert.deepEqual(toCompanies.results.map((r) => String(r.toObjectId)), [company]);

  const read = await client.crm.deals.basicApi.getById(deal.id, ['dealstage'], undefined, ['contacts', 'companies']);
  assert.deepEqual(read.associations.contacts.results.map((r) => r.id), [contactId]);
  assert.deepEqual(read.associations.companies.results.map((r) => r.id), [company]);
});

test('deals: a stage that is not in the pipeline is a 400', async () => {
  const error = await apiError(hubspot().crm.deals.basicApi.create({ properties: { dealname: 'Bad', dealstage: 'nosuchstage' } }), 400);
  assert.equal(error.body.category, 'VALIDATION_ERROR');
});

test('an injected 500 is retried by numberOfApiCallRetries and then succeeds; without retries it surfaces', async () => {
  const path = '/hubspot/api/crm/v3/objects/contacts/1001000001';
  const fault = await sim.fault({ vendor: 'hubspot', pathContains: path, method: 'GET', kind: 'server-error', status: 500, count: 1 });
  const since = await sim.lastSequence();
  const read = await hubspot({ numberOfApiCallRetries: 2 }).crm.contacts.basicApi.getById('1001000001');
  assert.equal(read.properties.email, 'alice.johnson@acme.example');
  const calls = (await sim.requests({ vendor: 'hubspot', pathContains: path })).filter((c) => c.sequence > since).reverse();
  assert.deepEqual(calls.map((c) => [c.status, c.fault ?? null]), [[500, fault], [200, null]]);

  await sim.fault({ vendor: 'hubspot', pathContains: path, method: 'GET', kind: 'unavailable', count: 1 });
  const error = await apiError(hubspot().crm.contacts.basicApi.getById('1001000001'), 503);
  assert.equal(error.body.category, 'SERVICE_UNAVAILABLE');
});

test('an injected 429 (TEN_SECONDLY_ROLLING) is retried by numberOfApiCallRetries and then succeeds', async () => {
  const path = '/hubspot/api/crm/v3/objects/deals';
  const fault = await sim.fault({ vendor: 'hubspot', pathContains: path, method: 'GET', kind: 'rate-limit', count: 1, retryAfterSeconds: 1 });
  const since = await sim.lastSequence();
  // The SDK reads the 429's policyName (and waits its own 10 s for this policy; it does not read Retry-After).
  const page = await hubspot({ numberOfApiCallRetries: 2 }).crm.deals.basicApi.getPage(3);
  assert.equal(page.results.length, 3);
  const calls = (await sim.requests({ vendor: 'hubspot', pathContains: path })).filter((c) => c.sequence > since).reverse();
  assert.deepEqual(calls.map((c) => [c.status, c.fault ?? null]), [[429, fault], [200, null]]);

  await sim.fault({ vendor: 'hubspot', pathContains: path, method: 'GET', kind: 'rate-limit', count: 1, retryAfterSeconds: 1 });
  const error = await apiError(hubspot().crm.deals.basicApi.getPage(3), 429);
  assert.equal(error.body.policyName, 'TEN_SECONDLY_ROLLING');
  assert.equal(error.headers['retry-after'], '1');
});
