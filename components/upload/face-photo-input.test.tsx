// @vitest-environment jsdom
// The drop zone on the browser's own events (it replaced react-dropzone): keyboard, click, drop and the
// picker must each hand over exactly one file, and nothing while disabled or while a photo is shown.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PreparedFace } from "@/lib/client/prepare-face";
import { FacePhotoInput } from "./face-photo-input";

const choose = vi.fn();
const expectPhoto = vi.fn();
vi.mock("./use-face-preparation", () => ({
  expectPhoto: () => expectPhoto(),
  loadChecklist: () => new Promise(() => undefined),
  useFacePreparation: () => ({ preparing: false, error: null, choose, remove: vi.fn() }),
}));

const photo = () => new File([new Uint8Array([0xff, 0xd8, 0xff])], "me.jpg", { type: "image/jpeg" });
const shown: PreparedFace = {
  file: photo(),
  previewUrl: "blob:preview",
  width: 800,
  height: 1000,
  bytes: 120_000,
  originalBytes: 2_400_000,
  originalName: "me.jpg",
} as PreparedFace;

const zone = () => screen.getByRole("button", { name: /choose a file/ });
const input = () => screen.getByLabelText("Face photo") as HTMLInputElement;
let pickerOpened: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  choose.mockReset();
  expectPhoto.mockReset();
  // jsdom has no file picker: count the clicks that would open it.
  pickerOpened = vi.spyOn(HTMLInputElement.prototype, "click").mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  pickerOpened.mockRestore();
});

describe("FacePhotoInput's drop zone", () => {
  it("is a tab stop whose Enter and Space open the picker and start loading the check; other keys do nothing", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} />);
    expect(zone().tabIndex).toBe(0);
    fireEvent.keyDown(zone(), { key: "a" });
    expect(pickerOpened).not.toHaveBeenCalled();
    fireEvent.keyDown(zone(), { key: "Enter" });
    fireEvent.keyDown(zone(), { key: " " });
    expect(pickerOpened).toHaveBeenCalledTimes(2);
    expect(expectPhoto).toHaveBeenCalledTimes(2);
  });

  it("opens the picker on a click, but not again for the input's own click bubbling up (label or open())", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} />);
    fireEvent.click(input());
    expect(pickerOpened).not.toHaveBeenCalled();
    fireEvent.click(zone());
    expect(pickerOpened).toHaveBeenCalledTimes(1);
  });

  it("hands a picked file and a dropped file to the preparation, and says so while a file is dragged over it", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} />);
    const picked = photo();
    fireEvent.change(input(), { target: { files: [picked] } });
    expect(choose).toHaveBeenLastCalledWith(picked);

    fireEvent.dragEnter(zone(), { dataTransfer: { types: ["Files"], files: [] } });
    expect(screen.getByText("Drop the photo to use it")).toBeTruthy();
    const dropped = photo();
    fireEvent.drop(screen.getByText("Drop the photo to use it"), { dataTransfer: { types: ["Files"], files: [dropped] } });
    expect(choose).toHaveBeenLastCalledWith(dropped);
    expect(screen.queryByText("Drop the photo to use it")).toBeNull();
  });

  it("forgets a drag that leaves the zone, and ignores one that carries no files", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} />);
    fireEvent.dragEnter(zone(), { dataTransfer: { types: ["text/plain"], files: [] } });
    expect(screen.queryByText("Drop the photo to use it")).toBeNull();
    fireEvent.dragEnter(zone(), { dataTransfer: { types: ["Files"], files: [] } });
    fireEvent.dragLeave(screen.getByText("Drop the photo to use it"));
    expect(screen.queryByText("Drop the photo to use it")).toBeNull();
  });

  it("keeps a file dropped beside the zone from replacing the page, and does not take it", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} />);
    const beside = document.createElement("div");
    document.body.append(beside);
    const drop = new Event("drop", { bubbles: true, cancelable: true });
    act(() => void beside.dispatchEvent(drop));
    expect(drop.defaultPrevented).toBe(true);
    expect(choose).not.toHaveBeenCalled();
    beside.remove();
  });

  it("while disabled: no tab stop, no picker, no drop", () => {
    render(<FacePhotoInput value={null} onChange={vi.fn()} disabled />);
    expect(zone().getAttribute("tabindex")).toBeNull();
    expect(zone().getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(zone());
    fireEvent.keyDown(zone(), { key: "Enter" });
    fireEvent.drop(zone(), { dataTransfer: { types: ["Files"], files: [photo()] } });
    expect(pickerOpened).not.toHaveBeenCalled();
    expect(choose).not.toHaveBeenCalled();
  });

  it("with a photo shown, the zone is no tab stop and only Replace opens the picker", () => {
    render(<FacePhotoInput value={shown} onChange={vi.fn()} />);
    const group = screen.getByRole("group");
    expect(group.getAttribute("tabindex")).toBeNull();
    fireEvent.click(group);
    fireEvent.keyDown(group, { key: "Enter" });
    expect(pickerOpened).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Replace" }));
    expect(pickerOpened).toHaveBeenCalledTimes(1);
  });
});
