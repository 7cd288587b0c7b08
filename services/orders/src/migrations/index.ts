import { CreateOrders1764360000200 } from "./1764360000200-CreateOrders";

/** Every migration of the orders service, in order. */
export const migrations = [CreateOrders1764360000200];
