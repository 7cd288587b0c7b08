import { CreateUnits1764360000000 } from "./1764360000000-CreateUnits";
import { CreateMovementStream1764400000000 } from "./1764400000000-CreateMovementStream";
import { UnitStateTimeAndProductionDate1764480000000 } from "./1764480000000-UnitStateTimeAndProductionDate";
import { CreateUnitsOutbox1764600000000 } from "./1764600000000-CreateUnitsOutbox";
import { UnitKeyDigits1764700000000 } from "./1764700000000-UnitKeyDigits";
import { CreateCustody1764900000000 } from "./1764900000000-CreateCustody";
import { MovementStreamCustody1764900000200 } from "./1764900000200-MovementStreamCustody";
import { CreateRecalls1765000000400 } from "./1765000000400-CreateRecalls";
import { CreateHolds1765000000700 } from "./1765000000700-CreateHolds";
import { UnitScopeIndex1765000000800 } from "./1765000000800-UnitScopeIndex";
import { CreateAdvanceShipNotices1765100000300 } from "./1765100000300-CreateAdvanceShipNotices";
import { CreateVerifications1765100000400 } from "./1765100000400-CreateVerifications";
import { CreateCaptureJobs1765200000100 } from "./1765200000100-CreateCaptureJobs";
import { CreateWebhooks1765200000200 } from "./1765200000200-CreateWebhooks";
import { CreateEpcisQueries1765200000300 } from "./1765200000300-CreateEpcisQueries";
import { RecallMarkingProgress1765300000100 } from "./1765300000100-RecallMarkingProgress";
import { ProductLinks1765300000200 } from "./1765300000200-ProductLinks";
import { RehashSourceDestinationEvents1765300000300 } from "./1765300000300-RehashSourceDestinationEvents";
import { UnitsTraceParents1765400000100 } from "./1765400000100-TraceParents";
import { EventFilterIndexes1765400000200 } from "./1765400000200-EventFilterIndexes";

/** Every migration of the units service, in order. */
export const migrations = [CreateUnits1764360000000, CreateMovementStream1764400000000, UnitStateTimeAndProductionDate1764480000000, CreateUnitsOutbox1764600000000, UnitKeyDigits1764700000000, CreateCustody1764900000000, MovementStreamCustody1764900000200, CreateRecalls1765000000400, CreateHolds1765000000700, UnitScopeIndex1765000000800, CreateAdvanceShipNotices1765100000300, CreateVerifications1765100000400, CreateCaptureJobs1765200000100, CreateWebhooks1765200000200, CreateEpcisQueries1765200000300, RecallMarkingProgress1765300000100, ProductLinks1765300000200, RehashSourceDestinationEvents1765300000300, UnitsTraceParents1765400000100, EventFilterIndexes1765400000200];
