import { criticalTrackingEvent, partyOf, referenceDocuments } from "../report.rules";

describe("FSMA 204 records from EPCIS events", () => {
  it("names the critical tracking event of a business step", () => {
    expect(criticalTrackingEvent("ObjectEvent", "commissioning")).toBe("Initial packing");
    expect(criticalTrackingEvent("ObjectEvent", "shipping")).toBe("Shipping");
    expect(criticalTrackingEvent("ObjectEvent", "receiving")).toBe("Receiving");
    expect(criticalTrackingEvent("TransformationEvent", null)).toBe("Transformation");
    expect(criticalTrackingEvent("ObjectEvent", "inspecting")).toBe("Other (inspecting)");
    expect(criticalTrackingEvent("AssociationEvent", null)).toBe("Other (AssociationEvent)");
  });

  it("takes the owning party first, then the possessing party, then the location", () => {
    const list = [
      { type: "location", destination: "https://id.gs1.org/414/4000001000005" },
      { type: "owning_party", destination: "https://id.gs1.org/417/4000001000005" },
    ];
    expect(partyOf(list, "destination")).toBe("https://id.gs1.org/417/4000001000005");
    expect(partyOf([{ type: "possessing_party", source: "x" }], "source")).toBe("x");
    expect(partyOf(undefined, "source")).toBeNull();
    expect(partyOf([{ type: "owning_party" }], "source")).toBeNull();
  });

  it("lists reference documents as type and id", () => {
    expect(referenceDocuments([{ type: "urn:epcglobal:cbv:btt:po", bizTransaction: "urn:epcglobal:cbv:bt:1:PO-1" }, { bizTransaction: "urn:x:2" }])).toBe("po:urn:epcglobal:cbv:bt:1:PO-1; urn:x:2");
    expect(referenceDocuments([])).toBeNull();
  });
});
