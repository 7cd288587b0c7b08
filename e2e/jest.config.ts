import { workspaceProject } from "../jest.preset";

export default workspaceProject(__dirname, "e2e", "int");
