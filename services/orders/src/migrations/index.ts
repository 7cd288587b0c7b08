import { CreateOrders1764360000200 } from "./1764360000200-CreateOrders";
import { Fulfilment1765100000200 } from "./1765100000200-Fulfilment";

/** Every migration of the orders service, in order. */
export const migrations = [CreateOrders1764360000200, Fulfilment1765100000200];
