/**
 * The gateway's graphql-ws connections to subgraphs set this connection parameter to `true` to be told, for every
 * subscription that supports resuming (an `after` argument), the stream position each message leaves it at:
 * `extensions[STREAM_CURSOR_EXTENSION]` on every event, and one first message without data carrying the position
 * the subscription starts after. With it the gateway can move a subscription to a new upstream (its subscribers'
 * access changed) and resume exactly where it was, without a gap or a duplicate.
 */
export const STREAM_POSITIONS_PARAM = "streamPositions";

/** The `extensions` member that carries the stream cursor of a message (see {@link STREAM_POSITIONS_PARAM}). */
export const STREAM_CURSOR_EXTENSION = "streamCursor";

/**
 * The `extensions` member that carries, with a stream event, the W3C `traceparent` of the request that stored it
 * (when that request was traced): the gateway's delivery of the event continues that trace.
 */
export const STREAM_TRACE_EXTENSION = "traceparent";
