import { graphql } from "./gql";

// Every document the app sends. `npm run codegen` types them against the gateway's supergraph (src/gql/).
export type { MovementFilter, MovementsSubscription, UnitPageQuery } from "./gql/graphql";

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      subject
      credential
      roles
      apiKeyScopes
      organization { id name kind companyPrefixes }
    }
  }
`);

export const MovementsDocument = graphql(`
  subscription Movements($after: String, $filter: MovementFilter) {
    unitMovements(after: $after, filter: $filter) {
      eventId
      type
      action
      bizStep
      disposition
      readPoint
      bizLocation
      eventTime
      recordTime
      cursor
      units { id gtin serial lot status }
    }
  }
`);

export const RecentEventsDocument = graphql(`
  query RecentEvents($from: DateTimeISO!) {
    events(first: 500, filter: { recordedFrom: $from }) {
      totalCount
      edges { node { eventId bizStep bizLocation readPoint recordTime } }
    }
  }
`);

export const UnitPageDocument = graphql(`
  query UnitPage($code: String!) {
    provenance(code: $code) {
      unit {
        id
        kind
        gtin
        serial
        lot
        expiry
        status
        disposition
        onHold
        location
        bizLocation
        commissionedAt
        lastEventTime
        product { name brand }
        parent { id }
        contents { depth unit { id status } }
        recalls { id reason status }
      }
      timeline { eventId type action bizStep disposition eventTime readPoint bizLocation inherited via }
      custody { location from to eventId }
      containers { childId parentId packedAt unpackedAt level }
      madeFrom { unitId intoId depth }
      alerts { kind message eventId raisedAt }
    }
  }
`);

export const UnitsByStatusDocument = graphql(`
  query UnitsByStatus {
    active: units(first: 1, filter: { status: ACTIVE }) { totalCount }
    inTransit: units(first: 1, filter: { status: IN_TRANSIT }) { totalCount }
    sold: units(first: 1, filter: { status: SOLD }) { totalCount }
    returned: units(first: 1, filter: { status: RETURNED }) { totalCount }
    recalled: units(first: 1, filter: { status: RECALLED }) { totalCount }
    destroyed: units(first: 1, filter: { status: DESTROYED }) { totalCount }
    all: units(first: 50) { totalCount edges { node { id gtin serial lot status product { name } } } }
  }
`);

export const PartnersDocument = graphql(`
  query Partners {
    grants(first: 50) { edges { node { id grantorId granteeId gtins permissions expiresAt active } } }
    apiKeys(first: 50) { edges { node { id name keyPrefix scopes createdAt expiresAt lastUsedAt revokedAt } } }
  }
`);

export const ComplianceDocument = graphql(`
  query Compliance {
    recalls(first: 50) {
      edges {
        node {
          id
          gtin
          lots
          classification
          reason
          status
          issuedAt
          allMarked
          progress { affected located returned destroyed unaccounted }
        }
      }
    }
    quarantines(first: 50) { edges { node { id gtin lots reason status openedAt outcome } } }
  }
`);

export const AuditChainDocument = graphql(`
  query AuditChain {
    verifyAuditChain { valid entries firstInvalidEntryId problem }
  }
`);

export const RecallProgressDocument = graphql(`
  subscription RecallProgress($recallId: ID!) {
    recallProgress(recallId: $recallId) { recallId at progress { affected located returned destroyed unaccounted } }
  }
`);

export const CloneAlertsDocument = graphql(`
  subscription CloneAlerts($after: String) {
    cloneAlerts(after: $after) { cursor alert { kind message unitId raisedAt } }
  }
`);

export const OrdersDocument = graphql(`
  query Orders {
    orders(first: 50) {
      edges {
        node {
          id
          reference
          status
          createdAt
          shippedAt
          deliveredAt
          customerName
          lines { gtin quantity allocated }
          returns { id unitId verdict reason status requestedAt }
        }
      }
    }
  }
`);
