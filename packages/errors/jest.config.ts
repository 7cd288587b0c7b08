import { workspaceProject } from "../../jest.preset";

export default workspaceProject(__dirname, "errors");
