import { visibleEventBody } from "../event.rules";

const mine = (id: string) => id.includes("MINE");

describe("an event as a reader sees it", () => {
  it("leaves out every identifier the reader may not read, in every list and the parent", () => {
    const event = {
      type: "AggregationEvent",
      parentID: "urn:pallet:OTHER",
      childEPCs: ["urn:a:MINE-1", "urn:b:OTHER-1", "urn:a:MINE-2"],
      childQuantityList: [
        { epcClass: "urn:class:MINE", quantity: 2 },
        { epcClass: "urn:class:OTHER", quantity: 3 },
      ],
      bizStep: "packing",
    };
    expect(visibleEventBody(event, mine)).toEqual({
      type: "AggregationEvent",
      childEPCs: ["urn:a:MINE-1", "urn:a:MINE-2"],
      childQuantityList: [{ epcClass: "urn:class:MINE", quantity: 2 }],
      bizStep: "packing",
    });
  });

  it("keeps a readable parent, every other field, and empty lists as lists", () => {
    const event = { type: "TransformationEvent", inputEPCList: ["urn:x:OTHER"], outputEPCList: ["urn:y:MINE"], parentID: "urn:p:MINE", ilmd: { lot: "L" } };
    expect(visibleEventBody(event, mine)).toEqual({ type: "TransformationEvent", inputEPCList: [], outputEPCList: ["urn:y:MINE"], parentID: "urn:p:MINE", ilmd: { lot: "L" } });
  });

  it("does not change the stored event", () => {
    const event = { epcList: ["urn:a:MINE", "urn:b:OTHER"] };
    visibleEventBody(event, mine);
    expect(event.epcList).toEqual(["urn:a:MINE", "urn:b:OTHER"]);
  });
});
