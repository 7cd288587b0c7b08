import { CreateOrders1764360000200 } from "./1764360000200-CreateOrders";
import { Fulfilment1765100000200 } from "./1765100000200-Fulfilment";
import { OrdersOutboxTraceParent1765400000200 } from "./1765400000200-OutboxTraceParent";

/** Every migration of the orders service, in order. */
export const migrations = [CreateOrders1764360000200, Fulfilment1765100000200, OrdersOutboxTraceParent1765400000200];
